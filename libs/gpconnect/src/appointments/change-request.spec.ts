import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { spineCodeOf } from '../testing/spine-code';
import { parseAmendRequest, parseCancelRequest } from './change-request';
import { Extensions } from './profiles';

const dir = resolve(__dirname, '../../../../test/fixtures/gpconnect/gpconnect-spec_develop_1.2.7/appointments');
/** The spec's read response example is "the appointment as it is now"; requests are edits of it. */
const current = (): fhir3.Appointment => JSON.parse(readFileSync(resolve(dir, 'read_appt_response_example.json'), 'utf8'));
const edit = (change: (b: Record<string, any>) => void): Record<string, any> => {
  const b = JSON.parse(JSON.stringify(current()));
  change(b);
  return b;
};
const cancel = (change: (b: Record<string, any>) => void = () => undefined): Record<string, any> =>
  edit((b) => {
    b.status = 'cancelled';
    b.extension.push({ url: Extensions.cancellationReason, valueString: 'double booked' });
    change(b);
  });

const codeOf = spineCodeOf;

describe('amend and cancel requests (GPCONNECT.md §3.4, §3.5)', () => {
  const id = current().id as string;

  it('an amendment changes description and comment only', () => {
    const body = edit((b) => {
      b.description = 'customDescription';
      b.comment = 'customComment';
    });
    expect(parseAmendRequest(body, id, current())).toEqual({ description: 'customDescription', comment: 'customComment' });
  });

  it.each<[string, (b: Record<string, any>) => void]>([
    ['PTS Amend #3 priority 1', (b) => (b.priority = 1)],
    ['PTS Amend #11 resourceType invalid', (b) => (b.resourceType = 'Patient')],
    ['PTS Amend #12 status noshow', (b) => (b.status = 'noshow')],
    ['PTS Amend #16 a cancellation reason', (b) => b.extension.push({ url: Extensions.cancellationReason, valueString: 'x' })],
    ['a start moved', (b) => (b.start = '2017-05-30T11:00:00+01:00')],
    ['another slot', (b) => (b.slot = [{ reference: 'Slot/2' }])],
    ['another booking organisation', (b) => (b.contained[0].name = 'Someone else')],
    ['an id that is not the URL’s', (b) => (b.id = 'other')],
  ])('%s → 422 INVALID_RESOURCE', (_name, change) => {
    expect(codeOf(() => parseAmendRequest(edit(change), id, current()))).toBe('422 INVALID_RESOURCE');
  });

  it('PTS Amend #21 leaving serviceCategory/serviceType out is no change', () => {
    const body = edit((b) => {
      delete b.serviceCategory;
      delete b.serviceType;
      b.description = 'x';
    });
    expect(codeOf(() => parseAmendRequest(body, id, current()))).toBe('accepted');
  });

  it('a cancellation says its reason (PTS Cancel #11)', () => {
    expect(parseCancelRequest(cancel(), id, current())).toEqual({ reason: 'double booked' });
  });

  it.each<[string, (b: Record<string, any>) => void]>([
    ['PTS Cancel #3 comment changed', (b) => (b.comment = 'changed')],
    ['PTS Cancel #4 description changed', (b) => (b.description = 'changed')],
    ['PTS Cancel #5 extra participants', (b) => b.participant.push({ actor: { reference: 'Patient/2' }, status: 'declined' })],
    ['PTS Cancel #6 appointmentType.text', (b) => (b.appointmentType = { text: 'x' })],
    ['PTS Cancel #12 reason extension URL empty', (b) => (b.extension.at(-1).url = '')],
    ['PTS Cancel #12 reason extension URL misspelt', (b) => (b.extension.at(-1).url = 'http://fhir.nhs.uk/StructuraeDefinition/x')],
    ['status not cancelled', (b) => (b.status = 'booked')],
  ])('%s → 422 INVALID_RESOURCE', (_name, change) => {
    expect(codeOf(() => parseCancelRequest(cancel(change), id, current()))).toBe('422 INVALID_RESOURCE');
  });

  it('PTS Cancel #13 an empty reason → 422 INVALID_PARAMETER', () => {
    expect(
      codeOf(() =>
        parseCancelRequest(
          cancel((b) => (b.extension.at(-1).valueString = '')),
          id,
          current(),
        ),
      ),
    ).toBe('422 INVALID_PARAMETER');
  });

  it('the spec’s own cancel example changes description, which the rules forbid (GPCONNECT.md §6)', () => {
    const body = JSON.parse(readFileSync(resolve(dir, 'cancel_appt_request_example.json'), 'utf8'));
    expect(codeOf(() => parseCancelRequest(body, body.id, current()))).toBe('422 INVALID_RESOURCE');
  });
});
