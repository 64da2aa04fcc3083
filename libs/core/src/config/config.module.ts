import { type DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { AppConfig } from './app-config';
import { validateEnv } from './env.schema';
import { PersonalDataCipher } from '../crypto/personal-data';

/**
 * Validates the environment and provides the typed AppConfig to every module. Validation failure
 * throws before any module starts. `forRoot()` is called by each app's root module only, so
 * importing this lib has no side effects.
 */
@Module({})
export class AppConfigModule {
  static forRoot(): DynamicModule {
    return {
      module: AppConfigModule,
      global: true,
      imports: [
        ConfigModule.forRoot({
          cache: true,
          ignoreEnvFile: true, // loadEnvironment() has loaded .env already
          validate: (raw) => validateEnv(raw),
        }),
      ],
      providers: [
        { provide: AppConfig, useFactory: () => new AppConfig(validateEnv(process.env)) },
        PersonalDataCipher,
      ],
      exports: [AppConfig, PersonalDataCipher],
    };
  }
}
