import { getMetadataStorage } from 'class-validator';
import { HubConfig } from './hub-config';

/**
 * Every setting's name, read from the validation decorators of `HubConfig` (each setting has at least
 * one), so a setting without a default needs no second list to be read from the environment or documented.
 */
export function settingNames(): string[] {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(HubConfig, '', true, false);
  return [...new Set(metadata.map((m) => m.propertyName))];
}

/** The settings that have no default (unset unless the environment sets them). */
export function settingsWithoutDefault(): string[] {
  const defaults = new HubConfig() as unknown as Record<string, unknown>;
  return settingNames().filter((key) => defaults[key] === undefined);
}
