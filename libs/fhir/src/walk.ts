/** Where a property sits, as a chain of parents: a path is spelled out only when something is wrong. */
export interface JsonPlace {
  readonly parent: JsonPlace | undefined;
  /** A property name, or an array index. */
  readonly key: string | number;
}

/** `Appointment.participant[0].actor` for the place under the root named `root`. */
export function pathOf(root: string, place: JsonPlace | undefined): string {
  const parts: string[] = [];
  for (let p = place; p !== undefined; p = p.parent) parts.push(typeof p.key === 'number' ? `[${p.key}]` : `.${p.key}`);
  return root + parts.reverse().join('');
}

/**
 * Visits every property of a JSON value without recursion: a hostile message nested a hundred thousand
 * levels deep must get a 400, not a stack overflow. Every message passes here, so nothing is allocated
 * per primitive: `visit` gets the property's name, its value, the place of the object holding it (spell
 * it with {@link pathOf}) and whether that object is the root. Returning false skips what is under it.
 */
export function walkJson(
  root: unknown,
  visit: (key: string, value: unknown, holder: JsonPlace | undefined, atRoot: boolean) => boolean | void,
): void {
  const nodes: unknown[] = [root];
  const places: Array<JsonPlace | undefined> = [undefined];
  while (nodes.length > 0) {
    const node = nodes.pop();
    const place = places.pop();
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const item: unknown = node[i];
        if (item !== null && typeof item === 'object') {
          nodes.push(item);
          places.push({ parent: place, key: i });
        }
      }
      continue;
    }
    const record = node as Record<string, unknown>;
    for (const key in record) {
      const value = record[key];
      if (visit(key, value, place, place === undefined) === false) continue;
      if (value !== null && typeof value === 'object') {
        nodes.push(value);
        places.push({ parent: place, key });
      }
    }
  }
}
