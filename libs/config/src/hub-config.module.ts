import { Global, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { HubConfig } from './hub-config';
import { validateEnv } from './validate-env';

/** Key under which the validated HubConfig instance is kept inside @nestjs/config. */
const HUB = 'hub';

/**
 * Makes the validated {@link HubConfig} injectable everywhere. Validation runs once at boot through
 * @nestjs/config; a bad value stops the process before anything connects.
 */
@Global()
@Module({
  imports: [
    ConfigModule.forRoot({
      ignoreEnvFile: true,
      cache: true,
      // A `load` factory runs when the application boots, not when this file is imported, so the process
      // (or a test) can settle its environment first.
      load: [() => ({ [HUB]: validateEnv(process.env) })],
    }),
  ],
  providers: [{ provide: HubConfig, inject: [ConfigService], useFactory: (c: ConfigService) => c.getOrThrow<HubConfig>(HUB) }],
  exports: [HubConfig],
})
export class HubConfigModule {}
