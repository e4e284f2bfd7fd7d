import { fromXml, toXml } from '@hub/gpconnect';
import { randomUUID } from 'node:crypto';
import { GPC_ASID, gpcCall, gpcHeaders, gpcPath, spineOf as spineOfJson } from './support/gpconnect';
import {
  CANCELLATION_REASON,
  bookBody,
  cancelBody,
  gpcAmend,
  gpcAvailability,
  gpcBook,
  gpcCancel,
  gpcRead,
  gpcRetrieve,
  gpcSlots,
  publishedLocation,
} from './support/gpc-appointments';
import { startHub, type Hub } from './support/hub';
import { call, postMessage, publish, type Answer } from './support/http';
import { barsHeaders, bookingMessage, futureSlot, resource, type Json } from './support/messages';

type Format = 'json' | 'xml';

/** The Spine code of an answer in either format (XML answers are read with the surface's own parser). */
function spineOf(a: Answer): ReturnType<typeof spineOfJson> {
  const xml = /xml/.test(a.headers.get('content-type') ?? '');
  return spineOfJson(xml ? { ...a, body: fromXml(a.text) } : a);
}
const FORMATS: Format[] = ['json', 'xml'];
const TYPE: Record<Format, string> = { json: 'application/fhir+json', xml: 'application/fhir+xml' };

/**
 * More of the provider test suite's appointment scenarios (GPCONNECT.md §5.2), each in JSON and in XML
 * (request body and response) where the scenario can be said in both: the request checks of §2.2 and
 * the format rules of §1.4 on the appointment interactions.
 */
describe('GP Connect appointment scenarios, JSON and XML', () => {
  let hub: Hub;
  let patientId: string;
  let next = 0;
  const slots: Array<{ id: string; start: string; end: string }> = [];
  let location: string;

  /** A booking body for the next unused slot. */
  const fresh = (): Json => bookBody([slots[next++]], patientId, location);
  const send = (body: Json, format: Format, headers: Record<string, string> = {}): Record<string, string> & { body: string } => ({
    'Content-Type': TYPE[format],
    Accept: TYPE[format],
    ...headers,
    body: format === 'xml' ? toXml(body) : JSON.stringify(body),
  });
  const book = (body: Json, format: Format, headers: Record<string, string> = {}) => {
    const { body: text, ...h } = send(body, format, headers);
    return gpcBook(hub, text, h);
  };
  const bookOk = async (): Promise<Json> => {
    const a = await gpcBook(hub, fresh());
    expect(a.status).toBe(201);
    return a.body;
  };
  const isFormat = (text: string, format: Format, type: string): void => {
    if (format === 'xml') expect(text).toMatch(new RegExp(`^(<\\?xml[^>]*>\\s*)?<${type}[ >]`));
    else expect(JSON.parse(text).resourceType).toBe(type);
  };

  beforeAll(async () => {
    hub = await startHub({ env: { GPC_ASID } });
    expect((await publish(hub, gpcAvailability(Array.from({ length: 120 }, (_, i) => futureSlot(i))))).status).toBe(200);
    location = await publishedLocation(hub);
    const rows = (await hub.sql.query('SELECT id, start_at, end_at FROM slot ORDER BY start_at')).rows;
    for (const r of rows) slots.push({ id: r.id, start: r.start_at, end: r.end_at });
    const bars = await postMessage(hub, bookingMessage(futureSlot(119)), barsHeaders());
    expect(bars.status).toBe(200);
    const id = resource(bars.body, 'Appointment').id;
    patientId = (await hub.sql.query('SELECT patient_id FROM appointment WHERE id = $1', [id])).rows[0].patient_id;
  });
  afterAll(() => hub?.stop());

  describe.each(FORMATS)('AppointmentBook in %s', (format) => {
    it('AppointmentBook #6/#7/#8: 201 in the format asked for, fully valid', async () => {
      const a = await book(fresh(), format);
      expect(a.status).toBe(201);
      expect(a.headers.get('content-type')).toMatch(new RegExp(`^${TYPE[format].replace('+', '\\+')}`));
      isFormat(a.text, format, 'Appointment');
    });

    it('AppointmentBook #9: Prefer: return=representation → a body with Content-Type and length', async () => {
      const a = await book(fresh(), format, { Prefer: 'return=representation' });
      expect(a.status).toBe(201);
      expect(a.text.length).toBeGreaterThan(0);
      isFormat(a.text, format, 'Appointment');
    });

    it('AppointmentBook #12: no practitioner participant → 201', async () => {
      expect((await book(fresh(), format)).status).toBe(201);
    });

    const invalid: Array<[string, (b: Json) => void]> = [
      ['#13 no Patient participant', (b) => (b.participant = b.participant.filter((p: Json) => !p.actor.reference.startsWith('Patient')))],
      [
        '#13 no Location participant',
        (b) => (b.participant = b.participant.filter((p: Json) => !p.actor.reference.startsWith('Location'))),
      ],
      ['#14 no participants', (b) => delete b.participant],
      ['#16 Slot/45555g55555', (b) => (b.slot = [{ reference: 'Slot/45555g55555' }])],
      ['#16 Slot/hello', (b) => (b.slot = [{ reference: 'Slot/hello' }])],
      [
        '#16 an absolute slot reference',
        (b) => (b.slot = [{ reference: 'https://test1.supplier.thirdparty.nhs.uk/A11111/STU3/1/gpconnect/Slot/#12345' }]),
      ],
      ['#18 start missing', (b) => delete b.start],
      ['#19 end missing', (b) => delete b.end],
      ['#20 status missing', (b) => delete b.status],
      ['#21/#28 slot missing', (b) => delete b.slot],
      ['#23 participant status missing', (b) => b.participant.forEach((p: Json) => delete p.status)],
      ['#29 booking organisation without name', (b) => delete b.contained[0].name],
      ['#30 booking organisation without telecom', (b) => delete b.contained[0].telecom],
      ['#33 reason present', (b) => (b.reason = [{ text: 'reason' }])],
      ['#34 specialty present', (b) => (b.specialty = [{ text: 'specialty' }])],
      [
        '#38 an absolute booking organisation reference',
        (b) => (b.extension[0].valueReference.reference = 'https://test1.supplier.thirdparty.nhs.uk/A11111/STU3/1/gpconnect/#1'),
      ],
      ['(DEMO) end not the slot’s', (b) => (b.end = b.start.replace(':00:00', ':30:00'))],
      ['(SPEC) created missing', (b) => delete b.created],
    ];
    it.each(invalid)('AppointmentBook %s → 422 INVALID_RESOURCE, the slot still free', async (_name, change) => {
      const body = fresh();
      change(body);
      const a = await book(body, format);
      expect(spineOf(a)).toMatchObject({ status: 422, code: 'INVALID_RESOURCE' });
      expect(a.headers.get('cache-control')).toContain('no-store');
      if (format === 'xml') isFormat(a.text, 'xml', 'OperationOutcome');
      const slotRef = (body.slot ?? [])[0]?.reference as string | undefined;
      const slotId = slotRef?.startsWith('Slot/') ? slotRef.slice(5) : undefined;
      if (slotId && /^[0-9a-f-]{36}$/.test(slotId)) {
        expect((await hub.sql.query('SELECT status FROM slot WHERE id = $1', [slotId])).rows[0].status).toBe('free');
      }
    });

    it('AppointmentBook #24 resourceType InvalidResourceType → 422 INVALID_RESOURCE', async () => {
      if (format === 'xml') {
        const a = await gpcBook(hub, '<InvalidResourceType xmlns="http://hl7.org/fhir"/>', { 'Content-Type': TYPE.xml });
        expect(a.status).toBeGreaterThanOrEqual(400);
        return;
      }
      expect(spineOf(await book({ ...fresh(), resourceType: 'InvalidResourceType' }, 'json'))).toMatchObject({
        status: 422,
        code: 'INVALID_RESOURCE',
      });
    });

    it('AppointmentBook #25 an empty Appointment → 422 INVALID_RESOURCE', async () => {
      expect(spineOf(await book({ resourceType: 'Appointment' }, format))).toMatchObject({ status: 422, code: 'INVALID_RESOURCE' });
    });

    it('AppointmentBook #22 an identifier without a value → 422 INVALID_RESOURCE', async () => {
      const body = { ...fresh(), identifier: [{ system: 'https://fhir.nhs.uk/Id/gpconnect-appointment-identifier' }] };
      expect(spineOf(await book(body, format))).toMatchObject({ status: 422, code: 'INVALID_RESOURCE' });
    });

    it('AppointmentBook #36/#37: a comment alone is echoed; without one none is returned', async () => {
      const withComment = await book({ ...fresh(), comment: 'customComment' }, 'json');
      expect(withComment.body.comment).toBe('customComment');
      const body = fresh();
      delete body.comment;
      expect((await book(body, 'json')).body.comment).toBeUndefined();
    });

    it('AppointmentBook #41/#42/#43: the practice’s serviceCategory/serviceType, whatever the consumer sent', async () => {
      const sent = await book(
        { ...fresh(), serviceCategory: { text: 'Test-serviceCategory' }, serviceType: [{ text: 'Test-serviceType' }] },
        'json',
      );
      expect(sent.body).toMatchObject({
        serviceCategory: { text: 'General GP Appointments' },
        serviceType: [{ text: 'General GP Appointment' }],
      });
      const none = fresh();
      delete none.serviceCategory;
      delete none.serviceType;
      expect((await book(none, 'json')).body.serviceType).toEqual([{ text: 'General GP Appointment' }]);
    });
  });

  it('AppointmentBook #5: POST to appointmentqq/! → failure with an OperationOutcome', async () => {
    const a = await call(hub, 'POST', '/HUB01/STU3/1/gpconnect/appointmentqq/!', {
      headers: { 'Content-Type': TYPE.json, 'Ssp-TraceID': randomUUID() },
      body: fresh(),
    });
    expect(a.status).toBeGreaterThanOrEqual(400);
    expect(a.body.resourceType).toBe('OperationOutcome');
  });

  it('AppointmentRead #3: the booking organisation read back is the body’s, not the JWT’s', async () => {
    const body = fresh();
    body.contained[0].identifier[0].value = 'A20047';
    const booked = await gpcBook(hub, body);
    expect(booked.status).toBe(201);
    const read = await gpcRead(hub, booked.body.id);
    expect(read.body.contained[0].identifier[0].value).toBe('A20047');
  });

  it.each([
    ['json', 'xml'],
    ['xml', 'json'],
  ])('AppointmentRead #6: Accept %s with _format %s → _format wins', async (accept, format) => {
    const booked = await bookOk();
    const a = await gpcRead(hub, booked.id, { Accept: TYPE[accept as Format] }, `?_format=${format}`);
    expect(a.status).toBe(200);
    isFormat(a.text, format as Format, 'Appointment');
  });

  it('AppointmentRead #9: id 555555 → 404 with no-store', async () => {
    const a = await gpcRead(hub, '555555');
    expect(a.status).toBe(404);
    expect(a.headers.get('cache-control')).toContain('no-store');
  });

  it('a GP Connect booking is an appointment like any other: BaRS GET /Appointment/{id} serves it', async () => {
    const booked = await bookOk();
    const a = await call(hub, 'GET', `/Appointment/${booked.id}`, { headers: barsHeaders() });
    expect(a.status).toBe(200);
    expect(a.body).toMatchObject({ resourceType: 'Appointment', id: booked.id, status: 'booked' });
  });

  describe('extensions and the practice’s data', () => {
    const withExtensions = (): Json => {
      const body = fresh();
      body.extension.push(
        { url: 'https://fhir.nhs.uk/STU3/StructureDefinition/Extension-GPConnect-DeliveryChannel-2', valueCode: 'In-person' },
        {
          url: 'https://fhir.nhs.uk/STU3/StructureDefinition/Extension-GPConnect-PractitionerRole-1',
          valueCodeableConcept: {
            coding: [
              {
                system: 'https://fhir.nhs.uk/STU3/CodeSystem/CareConnect-SDSJobRoleName-1',
                code: 'R0260',
                display: 'General Medical Practitioner',
              },
            ],
          },
        },
      );
      return body;
    };
    const urls = (a: Json): string[] => (a.extension ?? []).map((e: Json) => e.url);
    const CHANNEL = 'https://fhir.nhs.uk/STU3/StructureDefinition/Extension-GPConnect-DeliveryChannel-2';
    const ROLE = 'https://fhir.nhs.uk/STU3/StructureDefinition/Extension-GPConnect-PractitionerRole-1';

    it('AppointmentBook #2/#3, Read #2, Amend #2, Cancel #2, Retrieve #2: booked with the extensions, every later view has them', async () => {
      const booked = await gpcBook(hub, withExtensions());
      expect(booked.status).toBe(201);
      expect(urls(booked.body)).toEqual(expect.arrayContaining([CHANNEL, ROLE]));
      const read = await gpcRead(hub, booked.body.id);
      expect(urls(read.body)).toEqual(expect.arrayContaining([CHANNEL, ROLE]));
      const amended = await gpcAmend(hub, booked.body.id, { ...read.body, description: 'amended' });
      expect(amended.status).toBe(200);
      expect(urls(amended.body)).toEqual(expect.arrayContaining([CHANNEL, ROLE]));
      const retrieved = await gpcRetrieve(hub, patientId, 'start=ge2031-01-06&start=le2031-01-12');
      const mine = retrieved.body.entry.find((e: Json) => e.resource.id === booked.body.id).resource;
      expect(urls(mine)).toEqual(expect.arrayContaining([CHANNEL, ROLE]));
      const cancelled = await gpcCancel(hub, booked.body.id, cancelBody(amended.body));
      expect(cancelled.status).toBe(200);
      expect(cancelled.body.extension.filter((e: Json) => e.url !== CANCELLATION_REASON)).toEqual(amended.body.extension);
    });

    it('AppointmentBook #4: a booking organisation without a type → 201', async () => {
      const body = fresh();
      delete body.contained[0].type;
      expect((await gpcBook(hub, body)).status).toBe(201);
    });

    it('AppointmentRetrieve #19: each appointment’s booking organisation is contained with id, name and telecom', async () => {
      await bookOk();
      const a = await gpcRetrieve(hub, patientId, 'start=ge2031-01-06&start=le2031-01-12');
      const gpc = a.body.entry.map((e: Json) => e.resource).filter((r: Json) => r.contained);
      expect(gpc.length).toBeGreaterThan(0);
      for (const r of gpc) {
        const ext = r.extension.find((e: Json) => /BookingOrganisation/.test(e.url));
        const org = r.contained.find((c: Json) => `#${c.id}` === ext.valueReference.reference);
        expect(org).toMatchObject({
          resourceType: 'Organization',
          name: expect.any(String),
          telecom: [expect.objectContaining({ value: expect.any(String) })],
        });
      }
    });

    it('AppointmentBook #39/#40, Read #11/#12, Cancel #25–#27: serviceCategory and serviceType populated on every view', async () => {
      const booked = await bookOk();
      const read = await gpcRead(hub, booked.id);
      const cancelled = await gpcCancel(hub, booked.id, cancelBody(read.body));
      for (const a of [booked, read.body, cancelled.body]) {
        expect(a.serviceCategory).toEqual({ text: 'General GP Appointments' });
        expect(a.serviceType).toEqual([{ text: 'General GP Appointment' }]);
      }
    });

    it('AppointmentCancel #16: Prefer: return=representation → 200 with the whole appointment', async () => {
      const booked = await bookOk();
      const a = await gpcCancel(hub, booked.id, cancelBody(booked), { Prefer: 'return=representation' });
      expect(a.status).toBe(200);
      expect(a.body).toMatchObject({ resourceType: 'Appointment', id: booked.id, status: 'cancelled' });
    });

    it('AppointmentRead #8, Amend #14, Cancel #20, Retrieve #17, Slots #20: a 200 carries Cache-Control no-store', async () => {
      const booked = await bookOk();
      const answers = [
        await gpcRead(hub, booked.id),
        await gpcAmend(hub, booked.id, { ...booked, description: 'x' }),
        await gpcRetrieve(hub, patientId, 'start=ge2031-01-06&start=le2031-01-12'),
        await gpcSlots(hub, 'status=free&start=ge2031-01-06&end=le2031-01-07&_include=Slot:schedule'),
      ];
      const current = (await gpcRead(hub, booked.id)).body;
      answers.push(await gpcCancel(hub, booked.id, cancelBody(current)));
      for (const a of answers) {
        expect(a.status).toBe(200);
        expect(a.headers.get('cache-control')).toContain('no-store');
      }
    });

    const filters: Array<[string, string[]]> = [
      ['#22 org type urgent-care', ['https://fhir.nhs.uk/STU3/CodeSystem/GPConnect-OrganisationType-1|urgent-care']],
      ['#22 org type gp-practice', ['https://fhir.nhs.uk/STU3/CodeSystem/GPConnect-OrganisationType-1|gp-practice']],
      ['#22 org type oncology', ['https://fhir.nhs.uk/STU3/CodeSystem/GPConnect-OrganisationType-1|oncology']],
      ['#23 ODS A20047', ['https://fhir.nhs.uk/Id/ods-organization-code|A20047']],
      ['#23 ODS RNR01', ['https://fhir.nhs.uk/Id/ods-organization-code|RNR01']],
      ['#24 no searchFilter', []],
      [
        '#25 type and code',
        [
          'https://fhir.nhs.uk/Id/ods-organization-code|B81016',
          'https://fhir.nhs.uk/STU3/CodeSystem/GPConnect-OrganisationType-1|urgent-care',
        ],
      ],
    ];
    it.each(filters)('SearchForFreeSlots %s → at least one slot, and a valid Organization', async (_name, values) => {
      const q = values.map((f) => `searchFilter=${encodeURIComponent(f)}`).join('&');
      const a = await gpcSlots(hub, `status=free&start=ge2031-01-06&end=le2031-01-19&_include=Slot:schedule${q ? `&${q}` : ''}`);
      expect(a.status).toBe(200);
      const types = a.body.entry.map((e: Json) => e.resource.resourceType);
      expect(types).toContain('Slot');
      const org = a.body.entry.find((e: Json) => e.resource.resourceType === 'Organization')?.resource;
      expect(org?.meta.profile).toEqual(['https://fhir.nhs.uk/STU3/StructureDefinition/CareConnect-GPC-Organization-1']);
    });

    it('SearchForFreeSlots #27/#28/#29: schedules have serviceCategory.text, slots serviceType.text, neither a comment', async () => {
      const a = await gpcSlots(hub, 'status=free&start=ge2031-01-06&end=le2031-01-07&_include=Slot:schedule');
      const found = a.body.entry.map((e: Json) => e.resource);
      expect(found.some((r: Json) => r.resourceType === 'Schedule' && r.serviceCategory?.text)).toBe(true);
      expect(found.some((r: Json) => r.resourceType === 'Slot' && r.serviceType?.[0]?.text)).toBe(true);
      expect(found.filter((r: Json) => ['Slot', 'Schedule'].includes(r.resourceType) && r.comment !== undefined)).toEqual([]);
    });
  });

  describe('parameter and format tables', () => {
    const slotQuery = (start: string, end: string, extra = ''): string =>
      `status=free&start=${start}&end=${end}&_include=Slot:schedule${extra}`;

    it.each([
      ['0', 'le2031-01-06'],
      ['8', 'le2031-01-14'],
      ['14', 'le2031-01-20'],
    ])('SearchForFreeSlots #1: a %s-day range → 200 searchset', async (_days, end) => {
      const a = await gpcSlots(hub, slotQuery('ge2031-01-06', end));
      expect(a.status).toBe(200);
      expect(a.body).toMatchObject({ resourceType: 'Bundle', type: 'searchset' });
    });

    it.each([
      ['15', 'ge2031-01-06', 'le2031-01-21'],
      ['31', 'ge2031-01-06', 'le2031-02-06'],
      ['-1', 'ge2031-01-06', 'le2031-01-05'],
    ])('SearchForFreeSlots #2: a %s-day range → 422 INVALID_PARAMETER', async (_days, start, end) => {
      expect(spineOf(await gpcSlots(hub, slotQuery(start, end)))).toMatchObject({ status: 422, code: 'INVALID_PARAMETER' });
    });

    it.each([
      ['start and end', 'status=free&_include=Slot:schedule'],
      ['start', 'status=free&end=le2031-01-07&_include=Slot:schedule'],
    ])('SearchForFreeSlots #3: without %s → 400 BAD_REQUEST', async (_name, query) => {
      expect(spineOf(await gpcSlots(hub, query))).toMatchObject({ status: 400, code: 'BAD_REQUEST' });
    });

    it.each([
      ['gt/gt', 'gt2031-01-06', 'gt2031-01-07'],
      ['lt/lt', 'lt2031-01-06', 'lt2031-01-07'],
      ['gt/lt', 'gt2031-01-06', 'lt2031-01-07'],
      ['ne start', 'ne2031-01-06', 'le2031-01-07'],
      ['ne end', 'ge2031-01-06', 'ne2031-01-07'],
      ['end empty', 'ge2031-01-06', ''],
      ['end invalid', 'ge2031-01-06', 'leinvalidEndDate'],
    ])('SearchForFreeSlots #5/#6/#7: %s → 422', async (_name, start, end) => {
      expect((await gpcSlots(hub, slotQuery(start, end))).status).toBe(422);
    });

    it.each(FORMATS)('SearchForFreeSlots #12: Accept %s alone selects the format', async (format) => {
      const a = await gpcSlots(hub, slotQuery('ge2031-01-06', 'le2031-01-07'), { Accept: TYPE[format] });
      expect(a.status).toBe(200);
      isFormat(a.text, format, 'Bundle');
    });

    it.each([
      ['json', 'xml'],
      ['xml', 'json'],
    ])('SearchForFreeSlots #14 / AppointmentBook #6: Accept %s with _format %s → _format wins', async (accept, format) => {
      const slotsAnswer = await gpcSlots(hub, slotQuery('ge2031-01-06', 'le2031-01-07', `&_format=${format}`), {
        Accept: TYPE[accept as Format],
      });
      isFormat(slotsAnswer.text, format as Format, 'Bundle');
      const booked = await gpcCall(
        hub,
        'POST',
        gpcPath('HUB01', `/Appointment?_format=${format}`),
        { ...gpcHeaders('create:appointment-1'), 'Content-Type': TYPE.json, Accept: TYPE[accept as Format] },
        fresh(),
      );
      expect(booked.status).toBe(201);
      isFormat(booked.text, format as Format, 'Appointment');
    });

    it('AppointmentBook #16: Slot/45555555## → 422 INVALID_RESOURCE', async () => {
      const body = fresh();
      body.slot = [{ reference: 'Slot/45555555##' }];
      expect(spineOf(await gpcBook(hub, body))).toMatchObject({ status: 422, code: 'INVALID_RESOURCE' });
    });

    it('AppointmentRead #4: an empty id (GET /Appointment/) → 404 with an OperationOutcome', async () => {
      const a = await gpcCall(hub, 'GET', gpcPath('HUB01', '/Appointment/'), gpcHeaders('read:appointment-1'));
      expect(a.status).toBe(404);
      expect(a.body.resourceType).toBe('OperationOutcome');
    });

    it('AppointmentRetrieve #4: Patient/null → 404 with an OperationOutcome', async () => {
      const a = await gpcRetrieve(hub, 'null', 'start=ge2031-01-06&start=le2031-01-08');
      expect(a.status).toBe(404);
      expect(a.body.resourceType).toBe('OperationOutcome');
    });

    it.each([
      ['ge/gt', 'ge2031-01-06', 'gt2031-01-08'],
      ['ge/eq', 'ge2031-01-06', 'eq2031-01-08'],
      ['lt/le', 'lt2031-01-06', 'le2031-01-08'],
      ['gt/le', 'gt2031-01-06', 'le2031-01-08'],
      ['eqs/le', 'eqs2031-01-06', 'le2031-01-08'],
      ['random123', 'random123', 'le2031-01-08'],
      ['only le (#10)', 'le2031-01-08', undefined],
      ['unprefixed, one past (#11)', '2010-03-03', '2030-03-30'],
    ])('AppointmentRetrieve #9–#11: %s → 422 INVALID_PARAMETER', async (_name, first, second) => {
      const q = [first, second]
        .filter((x) => x !== undefined)
        .map((x) => `start=${x}`)
        .join('&');
      expect(spineOf(await gpcRetrieve(hub, patientId, q))).toMatchObject({ status: 422, code: 'INVALID_PARAMETER' });
    });

    it.each(['Test cancellation reason 1', 'test reason for cancel 2'])(
      'AppointmentCancel #11/#18: reason "%s" echoed; a new version',
      async (reason) => {
        const booked = await bookOk();
        const a = await gpcCancel(hub, booked.id, cancelBody(booked, reason));
        expect(a.status).toBe(200);
        expect(a.body.extension).toContainEqual({ url: CANCELLATION_REASON, valueString: reason });
        expect(a.body.meta.versionId).not.toBe(booked.meta.versionId);
      },
    );
  });

  describe.each(FORMATS)('AppointmentAmend in %s', (format) => {
    const put = (id: string, body: Json, headers: Record<string, string> = {}) => {
      const { body: text, ...h } = send(body, format, headers);
      return gpcAmend(hub, id, text, h);
    };

    it('AppointmentAmend #4–#6: description echoed, answered in the format asked for', async () => {
      const booked = await bookOk();
      const a = await put(booked.id, { ...booked, description: 'customDescription' });
      expect(a.status).toBe(200);
      isFormat(a.text, format, 'Appointment');
      expect(a.text).toContain('customDescription');
    });

    it('AppointmentAmend #7/#8: Prefer representation → body; minimal → empty body', async () => {
      const booked = await bookOk();
      const full = await put(booked.id, { ...booked, comment: 'c1' }, { Prefer: 'return=representation' });
      expect(full.status).toBe(200);
      expect(full.text).toContain('c1');
      const minimal = await put(booked.id, { ...booked, comment: 'c1' }, { Prefer: 'return=minimal' });
      expect(minimal.status).toBe(200);
      expect(minimal.text).toBe('');
    });

    it.each<[string, (b: Json) => void]>([
      ['#11 resourceType invalid', (b) => (b.resourceType = 'Patient')],
      ['#15 status noshow', (b) => (b.status = 'noshow')],
      ['#16 a cancellation reason added', (b) => b.extension.push({ url: CANCELLATION_REASON, valueString: 'x' })],
      ['#18 an absolute booking organisation reference', (b) => (b.extension[0].valueReference.reference = 'https://x.nhs.uk/#1')],
      [
        '#19 absolute participant references',
        (b) => (b.participant[0].actor.reference = `https://x.nhs.uk/${b.participant[0].actor.reference}`),
      ],
    ])('AppointmentAmend %s → 422 INVALID_RESOURCE', async (_name, change) => {
      const booked = await bookOk();
      const body = JSON.parse(JSON.stringify(booked));
      change(body);
      if (format === 'xml' && body.resourceType !== 'Appointment') return;
      const a = await put(booked.id, body);
      expect(spineOf(a)).toMatchObject({ status: 422, code: 'INVALID_RESOURCE' });
      expect(a.headers.get('cache-control')).toContain('no-store');
    });

    it('AppointmentAmend #21: serviceCategory/serviceType left out → 200, still populated', async () => {
      const booked = await bookOk();
      const body: Json = { ...booked, description: 'd', comment: 'c' };
      delete body.serviceCategory;
      delete body.serviceType;
      const a = await put(booked.id, body, { Accept: TYPE.json });
      expect(a.status).toBe(200);
    });
  });

  describe.each(FORMATS)('AppointmentCancel in %s', (format) => {
    const put = (id: string, body: Json, headers: Record<string, string> = {}) => {
      const { body: text, ...h } = send(body, format, headers);
      return gpcCancel(hub, id, text, h);
    };

    it('AppointmentCancel #7–#10: cancelled, reason echoed, in the format asked for', async () => {
      const booked = await bookOk();
      const a = await put(booked.id, cancelBody(booked, 'test reason for cancel 2'));
      expect(a.status).toBe(200);
      isFormat(a.text, format, 'Appointment');
      expect(a.text).toContain('test reason for cancel 2');
      expect(a.text).toContain('cancelled');
    });

    it('AppointmentCancel #14: If-Match the current version → 200', async () => {
      const booked = await bookOk();
      expect((await put(booked.id, cancelBody(booked), { 'If-Match': `W/"${booked.meta.versionId}"` })).status).toBe(200);
    });

    it('AppointmentCancel #17: Prefer: return=minimal → 200 with an empty body', async () => {
      const booked = await bookOk();
      const a = await put(booked.id, cancelBody(booked), { Prefer: 'return=minimal' });
      expect(a.status).toBe(200);
      expect(a.text).toBe('');
    });

    it.each<[string, (b: Json) => void]>([
      ['#3 comment changed', (b) => (b.comment = 'changed')],
      ['#5 extra participants', (b) => b.participant.push({ actor: { reference: 'Patient/2' }, status: 'declined' })],
      ['#6 appointmentType.text', (b) => (b.appointmentType = { text: 'x' })],
      [
        '#12 reason extension URL misspelt',
        (b) => (b.extension.at(-1).url = 'http://fhir.nhs.uk/StructuraeDefinition/Extension-GPConnect-AppointmentCancellationReason-1'),
      ],
      ['#23 an absolute booking organisation reference', (b) => (b.extension[0].valueReference.reference = 'https://x.nhs.uk/#1')],
      [
        '#24 absolute participant references',
        (b) => (b.participant[0].actor.reference = `https://x.nhs.uk/${b.participant[0].actor.reference}`),
      ],
    ])('AppointmentCancel %s → 422 INVALID_RESOURCE', async (_name, change) => {
      const booked = await bookOk();
      const body = cancelBody(booked);
      change(body);
      const a = await put(booked.id, body);
      expect(spineOf(a)).toMatchObject({ status: 422, code: 'INVALID_RESOURCE' });
    });

    it('AppointmentCancel #21: an empty reason → 422 INVALID_PARAMETER with no-store', async () => {
      const booked = await bookOk();
      const body = cancelBody(booked, '');
      if (format === 'xml') return; // an empty valueString cannot be written in FHIR XML (attributes need a value)
      const a = await put(booked.id, body);
      expect(spineOf(a)).toMatchObject({ status: 422, code: 'INVALID_PARAMETER' });
      expect(a.headers.get('cache-control')).toContain('no-store');
    });
  });

  describe.each(FORMATS)('Retrieve and search in %s', (format) => {
    it('AppointmentRetrieve #5–#7: ≥1 appointment in the format asked for', async () => {
      await bookOk();
      const a = await gpcRetrieve(hub, patientId, `start=ge2031-01-06&start=le2031-01-12&_format=${format}`);
      expect(a.status).toBe(200);
      isFormat(a.text, format, 'Bundle');
      expect(a.text).toContain('Appointment');
    });

    it('AppointmentRetrieve #15: an unknown _sort → 200 searchset', async () => {
      const a = await gpcRetrieve(hub, patientId, `start=ge2031-01-06&start=le2031-01-12&_sort=date&_format=${format}`);
      expect(a.status).toBe(200);
    });

    it.each(['ge2031-01-06T10:00:00', 'ge2031-01'])('AppointmentRetrieve #8: start=%s → 422 INVALID_PARAMETER', async (bad) => {
      const a = await gpcRetrieve(hub, patientId, `start=${bad}&start=le2031-01-12&_format=${format}`);
      expect(a.status).toBe(422);
      if (format === 'json') expect(spineOf(a).code).toBe('INVALID_PARAMETER');
    });

    it('AppointmentRetrieve #11: unprefixed past dates → 422 INVALID_PARAMETER', async () => {
      expect((await gpcRetrieve(hub, patientId, `start=2010-02-03&start=2010-03-03&_format=${format}`)).status).toBe(422);
    });

    it('SearchForFreeSlots #9: a dateTime with the UK offset → 200', async () => {
      const a = await gpcSlots(
        hub,
        `status=free&start=ge2031-01-06T10:00:00%2B00:00&end=le2031-01-07&_include=Slot:schedule&_format=${format}`,
      );
      expect(a.status).toBe(200);
      isFormat(a.text, format, 'Bundle');
    });

    it.each(['ge2031-01-06T10:00:00Z', 'ge2031', 'lt2031-01-06', 'invalidStartDate'])(
      'SearchForFreeSlots #5/#7/#10: start=%s → 422 INVALID_PARAMETER',
      async (bad) => {
        const a = await gpcSlots(hub, `status=free&start=${bad}&end=le2031-01-07&_include=Slot:schedule&_format=${format}`);
        expect(a.status).toBe(422);
      },
    );

    it('SearchForFreeSlots #4/#8: unknown searchFilter systems are ignored', async () => {
      const filters = ['https://unknown.example|x', 'https://fhir.nhs.uk/Id/ods-organization-code|A20047'].map(
        (f) => `searchFilter=${encodeURIComponent(f)}`,
      );
      const a = await gpcSlots(
        hub,
        `status=free&start=ge2031-01-06&end=le2031-01-07&_include=Slot:schedule&${filters.join('&')}&_format=${format}`,
      );
      expect(a.status).toBe(200);
    });
  });
});
