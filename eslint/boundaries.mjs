// @ts-check
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The plan of the code, as lint rules (README "Layout", docs/decisions.md "The house rules").
 *
 * Built on ESLint's own `no-restricted-imports` and `no-restricted-syntax`, generated from the two tables
 * below: no plugin to keep in step with ESLint and TypeScript path aliases, and the rule that fails names
 * the rule that was broken. To add a library, add its name to a layer (and its owned tables, if any).
 */

/** Lower layers first. A library imports only libraries of lower layers: never sideways, never up, never an app. */
export const layers = [
  ['config', 'fhir'],
  ['message', 'messaging', 'persistence', 'gpconnect'],
  ['inbox', 'pointers', 'observability'],
  ['appointment'],
];

/** Which apps an app may import (by relative path: apps are not libraries). Standalone composes the other two. */
export const appImports = { api: [], worker: [], standalone: ['api', 'worker'] };

/**
 * Each table has one owner: only that library imports its entity classes (defined in libs/persistence with
 * the migrations) or names the table in SQL. Tests may read any table to check what was stored.
 */
export const tableOwners = {
  inbox: { entities: ['InboxMessage'], tables: ['inbox_message'] },
  appointment: {
    entities: [
      'AppointmentEntity',
      'AppointmentVersionEntity',
      'HealthcareServiceEntity',
      'PatientEntity',
      'ScheduleEntity',
      'SlotEntity',
      'OrganizationEntity',
      'LocationEntity',
      'PractitionerEntity',
      'PractitionerRoleEntity',
    ],
    tables: [
      'appointment',
      'appointment_version',
      'healthcare_service',
      'patient',
      'schedule',
      'slot',
      'organization',
      'location',
      'practitioner',
      'practitioner_role',
      'appointment_booking_organisation',
      'appointment_extra_slot',
    ],
  },
  pointers: { entities: ['PointerEntity', 'PointerOutboxEntity'], tables: ['pointer', 'pointer_outbox'] },
};

const allLibs = layers.flat();
const apps = Object.keys(appImports);

/** A library or app the tables above do not place would go unchecked: refuse to lint until it is placed. */
function assertAllPlaced() {
  const root = fileURLToPath(new URL('..', import.meta.url));
  for (const [dir, known] of [
    ['libs', allLibs],
    ['apps', apps],
  ]) {
    const unplaced = readdirSync(join(root, dir), { withFileTypes: true })
      .filter((d) => d.isDirectory() && !known.includes(d.name))
      .map((d) => `${dir}/${d.name}`);
    if (unplaced.length > 0) throw new Error(`eslint/boundaries.mjs: place ${unplaced.join(', ')} in \`layers\` or \`appImports\``);
  }
}

/** Deep imports: other code sees a library only through its index.ts. */
const deepImport = {
  group: ['@hub/*/*'],
  message: 'Import a library by its name only (@hub/<lib>); what others may use is exported from its index.ts.',
};

/** A relative path that leaves this library or app, to another one's sources (`../../other/src/...`). */
function relativeEscape(allowed) {
  const except = allowed.length > 0 ? `(?!(?:${allowed.join('|')})/)` : '';
  return {
    regex: `^(?:\\.\\./)+(?:(?:apps|libs)/|${except}[a-z-]+/src(?:/|$))`,
    message:
      allowed.length > 0
        ? `Only ${allowed.join(', ')} may be imported by relative path from here.`
        : 'Import a library as @hub/<lib>, never by relative path; apps are never imported by libraries.',
  };
}

function libPaths(forbidden, why) {
  return forbidden.map((name) => ({ name: `@hub/${name}`, message: why(name) }));
}

/** `no-restricted-imports` paths that keep entity classes with their owner. */
function entityPaths(area) {
  const foreign = Object.entries(tableOwners)
    .filter(([owner]) => owner !== area)
    .flatMap(([, o]) => o.entities);
  if (foreign.length === 0) return [];
  return [
    {
      name: '@hub/persistence',
      importNames: foreign,
      message: `Each table has one owner (eslint/boundaries.mjs tableOwners): call the owning library's service instead.`,
    },
  ];
}

/** `no-restricted-syntax` entries that find SQL naming another owner's table. */
function tableSyntax(area) {
  const foreign = Object.entries(tableOwners).filter(([owner]) => owner !== area);
  return foreign.flatMap(([owner, o]) => {
    const names = o.tables.join('|');
    // SQL naming the table (`FROM slot`, `JOIN "patient"`, `INTO pointer_outbox`, `UPDATE appointment`; the
    // house writes SQL keywords in capitals, so prose such as "from slot" passes), or a snake_case name anywhere.
    const snake = o.tables.filter((t) => t.includes('_')).join('|');
    const pattern = `/\\b(?:FROM|JOIN|INTO|UPDATE|TABLE)\\s+"?(?:${names})\\b${snake ? `|\\b(?:${snake})\\b` : ''}/`;
    const message = `Only libs/${owner} queries its tables (${o.tables.join(', ')}): call its service instead.`;
    return [
      { selector: `Literal[value=${pattern}]`, message },
      { selector: `TemplateElement[value.raw=${pattern}]`, message },
    ];
  });
}

function restrictions(files, { paths, patterns, syntax }) {
  return {
    files,
    rules: {
      'no-restricted-imports': ['error', { paths, patterns }],
      'no-restricted-syntax': syntax.length > 0 ? ['error', ...syntax] : 'off',
    },
  };
}

/** One config block per library and per app: ESLint replaces a rule's options per block, so each is complete. */
export function boundaries() {
  assertAllPlaced();
  const blocks = [];
  layers.forEach((layer, i) => {
    for (const lib of layer) {
      const below = new Set(layers.slice(0, i).flat());
      const forbidden = allLibs.filter((l) => l !== lib && !below.has(l));
      blocks.push(
        restrictions([`libs/${lib}/**/*.ts`], {
          paths: [
            ...libPaths(forbidden, (name) =>
              layer.includes(name)
                ? `@hub/${name} is in the same layer as @hub/${lib}: libraries of one layer do not import each other.`
                : `@hub/${name} is in a higher layer than @hub/${lib}: a library imports only lower layers (eslint/boundaries.mjs).`,
            ),
            ...(lib === 'persistence' ? [] : entityPaths(lib)),
          ],
          patterns: [deepImport, relativeEscape([])],
          syntax: lib === 'persistence' ? [] : tableSyntax(lib),
        }),
      );
    }
  });
  for (const app of apps) {
    blocks.push(
      restrictions([`apps/${app}/**/*.ts`], {
        paths: entityPaths(app),
        patterns: [deepImport, relativeEscape(appImports[app])],
        syntax: tableSyntax(app),
      }),
    );
  }
  // The schema's own history names every table.
  blocks.push({ files: ['libs/persistence/src/migrations/**/*.ts'], rules: { 'no-restricted-syntax': 'off' } });
  return blocks;
}
