import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { HubConfig } from './hub-config';
import { settingNames } from './setting-names';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Reads the hub's settings from an environment map. Empty strings count as unset so that
 * `FOO= npm start` falls back to the default. Throws one error naming every bad key, so an operator
 * fixes them all in one go rather than one per restart.
 */
export function validateEnv(env: Record<string, unknown>): HubConfig {
  const raw: Record<string, unknown> = {};
  for (const key of settingNames()) {
    const value = env[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const config = plainToInstance(HubConfig, raw);
  const errors = validateSync(config, { forbidUnknownValues: true });
  if (errors.length > 0) {
    throw new ConfigError(
      errors.map((e) => {
        const why = Object.values(e.constraints ?? {}).join('; ');
        // Secrets are named, never printed.
        const secret = e.property === 'ADMIN_TOKEN' || e.property.endsWith('_URL');
        const shown = secret || e.value === undefined ? '' : ` (got "${String(e.value)}")`;
        return `${e.property}: ${why}${shown}`;
      }),
    );
  }
  return config;
}
