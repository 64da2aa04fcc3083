import { createSecretKey } from 'node:crypto';
import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { AppConfig } from '@app/core';
import { UnitsModule } from '@app/units';
import { AccountEvents } from './account-events';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { RateLimitGuard } from './rate-limit.guard';
import { RateLimits } from './rate-limits';
import { SessionRegistry } from './session-registry';
import { UsersDataModule } from './users-data.module';
import { UsersService } from './users.service';

@Module({
  imports: [
    UnitsModule,
    UsersDataModule,
    JwtModule.registerAsync({
      inject: [AppConfig],
      // A KeyObject made once: given a string, jsonwebtoken tries to parse it as a public key on
      // every verify before falling back to a secret (13 % of the API's CPU under load).
      useFactory: (config: AppConfig) => ({
        secret: createSecretKey(Buffer.from(config.auth.jwtSecret, 'utf8')) as unknown as string,
      }),
    }),
  ],
  providers: [AuthService, UsersService, SessionRegistry, RateLimits, AccountEvents],
  exports: [AuthService, UsersService, SessionRegistry, RateLimits, AccountEvents],
})
export class AuthModule {}

/**
 * Imported by an HTTP app to require a token (and declared roles) on every route, then to count
 * the caller's requests; the order of the two guards is the order here.
 */
@Module({
  imports: [AuthModule],
  providers: [
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_GUARD, useClass: RateLimitGuard },
  ],
})
export class AuthGuardModule {}
