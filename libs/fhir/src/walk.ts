/**
 * Visits every property of a JSON value, depth first, without recursion: a hostile message nested a
 * hundred thousand levels deep must get a 400, not a stack overflow. `visit` gets the property's name,
 * its value, its path (`Appointment.participant[0].actor`) and whether it sits on the root object;
 * returning false skips what is under it.
 */
export function walkJson(
  root: unknown,
  rootPath: string,
  visit: (key: string, value: unknown, path: string, atRoot: boolean) => boolean | void,
): void {
  const stack: Array<{ node: unknown; path: string; atRoot: boolean }> = [{ node: root, path: rootPath, atRoot: true }];
  while (stack.length > 0) {
    const { node, path, atRoot } = stack.pop() as { node: unknown; path: string; atRoot: boolean };
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) stack.push({ node: node[i], path: `${path}[${i}]`, atRoot: false });
      continue;
    }
    if (node === null || typeof node !== 'object') continue;
    const entries = Object.entries(node as Record<string, unknown>);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, value] = entries[i];
      const childPath = `${path}.${key}`;
      if (visit(key, value, childPath, atRoot) === false) continue;
      if (value !== null && typeof value === 'object') stack.push({ node: value, path: childPath, atRoot: false });
    }
  }
}
