import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { HubConfig } from './hub-config';
import { settingsWithoutDefault } from './setting-names';

const root = resolve(__dirname, '../../..');
const defaults = new HubConfig() as unknown as Record<string, unknown>;

/** The default column of a setting's row in a Markdown table, as written there. */
function documentedDefault(markdown: string, key: string): string | undefined {
  const row = markdown.split('\n').find((line) => line.startsWith(`| \`${key}\``));
  return row?.split('|')[2]?.trim();
}

describe.each(['README.md', 'docs/operations.md'])('the settings table of %s', (file) => {
  const markdown = readFileSync(resolve(root, file), 'utf8');

  it.each(Object.keys(defaults).filter((k) => defaults[k] !== undefined))('lists %s with its default', (key) => {
    expect(documentedDefault(markdown, key)).toBe(`\`${String(defaults[key])}\``);
  });

  // `unset`, or what an unset value is derived from (PUBLIC_BASE_URL: `http://localhost:$PORT`).
  it.each(settingsWithoutDefault())('lists %s', (key) => {
    expect(documentedDefault(markdown, key)).toMatch(/^(unset|`[^`]+`)$/);
  });
});
