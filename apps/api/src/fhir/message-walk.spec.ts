import { readdirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { RecError, elementTypeError } from '@hub/fhir';
import { checkMessageIntegrity, parseInboundMessage } from '@hub/message';
import fc from 'fast-check';
import { bookingMessage, fixture, futureSlot, type Json } from '../../../../test/support/messages';
import { applyMutation, mutationArb, serialise } from '../../../../test/support/mutations';
import { fixturesRoot } from '../../../../test/support/paths';
import { assertSafeJson, rootName } from '../http/safe-input';
import { cleanMessage, referencesResolve } from './message-walk';

type Outcome = string;

function outcome(run: () => void): Outcome {
  try {
    run();
    return 'passed';
  } catch (error) {
    if (!(error instanceof RecError)) return `threw ${String(error)}`;
    return `${error.status} ${error.code} ${error.issue} ${error.diagnostics}`;
  }
}

/** The element checks as the gate ran them before the one walk. */
function everyCheck(body: unknown): Outcome {
  return outcome(() => {
    assertSafeJson(body, rootName(body));
    checkMessageIntegrity(parseInboundMessage(body));
    const typeError = elementTypeError(body, 'Bundle');
    if (typeError) throw typeError;
  });
}

/** The same checks as the gate runs them now: each in full only when the walk did not find it clean. */
function walked(body: unknown, text: string): Outcome {
  return outcome(() => {
    const clean = cleanMessage(body, text);
    if (clean === undefined) assertSafeJson(body, rootName(body));
    const message = parseInboundMessage(body);
    if (clean === undefined || !referencesResolve(message, clean)) checkMessageIntegrity(message);
    const typeError = clean === undefined ? elementTypeError(body, 'Bundle') : undefined;
    if (typeError) throw typeError;
  });
}

function same(text: string): void {
  const body: unknown = JSON.parse(text);
  expect(walked(body, text)).toBe(everyCheck(body));
}

function jsonFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = resolve(dir, name);
    if (statSync(path).isDirectory()) return jsonFiles(path);
    return name.endsWith('.json') ? [path] : [];
  });
}

describe('cleanMessage', () => {
  const booking = (): Json => bookingMessage(futureSlot(1));

  it('finds the official booking clean, with its references, so the checks it stands for are skipped', () => {
    const text = JSON.stringify(booking());
    const clean = cleanMessage(JSON.parse(text), text);
    expect(clean).toBeDefined();
    expect(clean?.references.length).toBeGreaterThan(3);
    expect(walked(JSON.parse(text), text)).toBe('passed');
  });

  it('answers as every check did for every published example', () => {
    const files = jsonFiles(resolve(fixturesRoot, 'bars'));
    let parsed = 0;
    for (const file of files) {
      let example: Json;
      try {
        example = fixture(file.slice(fixturesRoot.length + 1));
      } catch {
        continue; // a few published examples are not JSON
      }
      parsed++;
      same(JSON.stringify(example));
    }
    expect(parsed).toBeGreaterThan(20);
  });

  it('answers as every check did for the faults it must refuse', () => {
    const cases: Array<(b: Json) => void> = [
      (b) => (b.entry[1].resource.description = 'a\u0007b'),
      (b) => (b.entry[1].resource['k\u0001'] = 1),
      (b) => (b.entry[1].resource.description = 'a\u007fb'),
      (b) => (b.entry[1].resource.description = 'a/b\\c\t"d"'),
      (b) => (b.entry[1].resource.constructor = 'x'),
      (b) => (b.entry[1].resource.toString = { a: 1 }),
      (b) => (b.entry[1].resource.unknownElement = 'x'),
      (b) => (b.entry[1].resource.status = 'nonsense'),
      (b) => (b.entry[1].resource.contained = [{ resourceType: 'Patient', id: 'p', birthDate: 'not a date' }]),
      (b) => (b.entry[1].resource.contained = [{ resourceType: 'Nonsense' }]),
      (b) => (b.entry[1].resource.meta = { lastUpdated: '2020-01-01' }),
      (b) => (b.entry[1].resource.identifier = [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9'.repeat(40) }]),
      (b) => (b.entry[1].resource.identifier = [{ system: 'x'.repeat(300), value: 'y'.repeat(300) }]),
      (b) => (b.entry[1].resource.participant = [[{ actor: { reference: 'urn:uuid:x' } }]]),
      (b) => (b.entry[1].resource.participant = [{ actor: { reference: 'urn:uuid:nowhere' } }]),
      (b) => (b.entry[1].resource.extension = [{ url: 'u' }]),
      (b) => b.entry.push({ fullUrl: 'urn:uuid:1', resource: { resourceType: 'HealthcareService', name: 'n'.repeat(600) } }),
      (b) => (b.entry[0].resource = 'x'),
      (b) => (b.entry[0] = [b.entry[0]]),
      (b) => (b.entry = {}),
      (b) => (b.resourceType = 'Nonsense'),
      (b) => (b.timestamp = 1),
      (b) => (b.entry[2].resource.start = '2020-02-30T10:00:00Z'),
    ];
    for (const change of cases) {
      const b = booking();
      change(b);
      same(JSON.stringify(b));
    }
    let deep: unknown = 'x';
    for (let i = 0; i < 70; i++) deep = { a: [deep] };
    const b = booking();
    b.entry[1].resource.extension = [{ url: 'u', valueString: deep }];
    same(JSON.stringify(b));
  });

  it('answers as every check did for random faults in the booking', () => {
    fc.assert(
      fc.property(mutationArb, fc.boolean(), (mutation, escaped) => {
        const b = booking();
        applyMutation(b, mutation);
        const text = serialise(b);
        same(escaped ? text.replace(/\//g, '\\/') : text);
      }),
      { numRuns: 400 },
    );
  });
});
