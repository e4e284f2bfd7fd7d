import fc from 'fast-check';
import type { Json } from './messages';

/** Ways a sender's Bundle can be broken, applied at a random place in the official example. */
export type Mutation =
  | {
      kind: 'delete' | 'huge-string' | 'huge-array' | 'deep' | 'very-deep' | 'proto' | 'null' | 'nul' | 'control' | 'long-id';
      path: number[];
    }
  | { kind: 'replace'; path: number[]; value: unknown };

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    kind: fc.constantFrom('delete', 'huge-string', 'huge-array', 'deep', 'very-deep', 'proto', 'null', 'nul', 'control', 'long-id'),
    path: fc.array(fc.nat(), { maxLength: 7 }),
  }) as fc.Arbitrary<Mutation>,
  fc.record({ kind: fc.constant('replace' as const), path: fc.array(fc.nat(), { maxLength: 7 }), value: fc.jsonValue({ maxDepth: 3 }) }),
);

/** Stands where deeply nested JSON goes; spliced in as text, since building it as an object would overflow the test's own stack. */
const DEEP = '\u0000deep-nesting';
const DEEP_LEVELS = 2_000;
const VERY_DEEP = '\u0000very-deep-nesting';
const VERY_DEEP_LEVELS = 300_000;

/** The Bundle as the body to send, with any deep-nesting placeholder replaced by 2,000 levels of JSON. */
export function serialise(bundle: Json): string {
  const nested = `${'{"a":['.repeat(DEEP_LEVELS)}"x"${']}'.repeat(DEEP_LEVELS)}`;
  const veryNested = `${'['.repeat(VERY_DEEP_LEVELS)}${']'.repeat(VERY_DEEP_LEVELS)}`;
  return JSON.stringify(bundle).split(JSON.stringify(DEEP)).join(nested).split(JSON.stringify(VERY_DEEP)).join(veryNested);
}

function valueFor(m: Mutation): unknown {
  switch (m.kind) {
    case 'huge-string':
      return 'A'.repeat(200_000);
    case 'huge-array':
      return Array.from({ length: 20_000 }, (_, i) => ({ i }));
    case 'deep':
      return DEEP;
    case 'very-deep':
      return VERY_DEEP;
    case 'nul':
      return 'a\u0000b';
    case 'control':
      return 'a\u0007b\u001b';
    case 'long-id':
      return '9'.repeat(300);
    case 'null':
      return null;
    case 'replace':
      return m.value;
    default:
      return undefined;
  }
}

/** Applies a mutation to a JSON tree (in place): walk `path` (indices modulo the keys), then change the last key. */
export function applyMutation(root: Json, m: Mutation): void {
  let node: unknown = root;
  for (let depth = 0; depth < m.path.length; depth++) {
    if (node === null || typeof node !== 'object') return;
    const keys = Object.keys(node);
    if (keys.length === 0) return;
    const key = keys[m.path[depth] % keys.length];
    const child = (node as Record<string, unknown>)[key];
    const last = depth === m.path.length - 1 || child === null || typeof child !== 'object';
    if (last) {
      const target = node as Record<string, unknown>;
      if (m.kind === 'delete') delete target[key];
      else if (m.kind === 'proto')
        Object.defineProperty(target, '__proto__', {
          value: { polluted: true, resourceType: 'Bundle' },
          enumerable: true,
          configurable: true,
          writable: true,
        });
      else target[key] = valueFor(m);
      return;
    }
    node = child;
  }
}
