import { AppConfig, PersonalDataCipher, mask, validateEnv } from '@app/core';
import { BENCH } from './config';

/** The app's own cipher with the bench's keys: what the API started by the bench uses too. */
export function benchCipher(): PersonalDataCipher {
  return new PersonalDataCipher(
    new AppConfig(
      validateEnv({
        JWT_SECRET: 'bench-cipher-only-not-a-jwt-secret-0123456789',
        PII_ENCRYPTION_KEY: BENCH.piiEncryptionKey,
        PII_INDEX_KEY: BENCH.piiIndexKey,
      }),
    ),
  );
}

export { mask };
