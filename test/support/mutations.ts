import fc from 'fast-check';
import type { Json } from './messages';

/** Ways a sender's Bundle can be broken, applied at a random place in the official example. */
export type Mutation =
  | { kind: 'delete' | 'huge-string' | 'huge-array' | 'deep' | 'proto' | 'null'; path: number[] }
  | { kind: 'replace'; path: number[]; value: unknown };

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    kind: fc.constantFrom('delete', 'huge-string', 'huge-array', 'deep', 'proto', 'null'),
    path: fc.array(fc.nat(), { maxLength: 7 }),
  }) as fc.Arbitrary<Mutation>,
  fc.record({ kind: fc.constant('replace' as const), path: fc.array(fc.nat(), { maxLength: 7 }), value: fc.jsonValue({ maxDepth: 3 }) }),
);

function deep(levels: number): unknown {
  let v: unknown = 'x';
  for (let i = 0; i < levels; i++) v = { a: [v] };
  return v;
}

function valueFor(m: Mutation): unknown {
  switch (m.kind) {
    case 'huge-string':
      return 'A'.repeat(200_000);
    case 'huge-array':
      return Array.from({ length: 20_000 }, (_, i) => ({ i }));
    case 'deep':
      return deep(2_000);
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
