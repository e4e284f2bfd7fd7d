import type { Json } from './messages';

/** Every `reference` string in `node`, rewritten by `map` (unchanged when it returns undefined). */
export function mapReferences(node: unknown, map: (reference: string) => string | undefined): void {
  if (Array.isArray(node)) node.forEach((item) => mapReferences(item, map));
  else if (node !== null && typeof node === 'object') {
    const record = node as Record<string, unknown>;
    for (const [key, value] of Object.entries(record)) {
      if (key === 'reference' && typeof value === 'string') record[key] = map(value) ?? value;
      else mapReferences(value, map);
    }
  }
}

/** The message with every fullUrl and reference absolute on the sender's own FHIR server (issue #13 case 4). */
export function onSendersServer(bundle: Json, base = 'https://sender.example.org/fhir'): Json {
  const urls = new Map<string, string>();
  for (const entry of bundle.entry) {
    const url = `${base}/${entry.resource.resourceType}/${String(entry.fullUrl).replace(/^urn:uuid:/, '')}`;
    urls.set(entry.fullUrl, url);
    entry.fullUrl = url;
  }
  mapReferences(bundle.entry, (reference) => urls.get(reference));
  return bundle;
}

/** The message without fullUrls, its resources given ids `s0…` and linked as `Type/sN` (issue #13 case 3). */
export function withLocalIds(bundle: Json): Json {
  const refs = new Map<string, string>();
  bundle.entry.forEach((entry: Json, i: number) => {
    entry.resource.id = `s${i}`;
    refs.set(entry.fullUrl, `${entry.resource.resourceType}/s${i}`);
    delete entry.fullUrl;
  });
  mapReferences(bundle.entry, (reference) => refs.get(reference));
  return bundle;
}
