import { createSecretKey } from 'node:crypto';
import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { AppConfig } from '@app/core';
import { UnitsModule } from '@app/units';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { SessionRegistry } from './session-registry';
import { UsersService } from './users.service';

@Module({
  imports: [
    UnitsModule,
    JwtModule.registerAsync({
      inject: [AppConfig],
      // A KeyObject made once: given a string, jsonwebtoken tries to parse it as a public key on
      // every verify before falling back to a secret (13 % of the API's CPU under load).
      useFactory: (config: AppConfig) => ({
        secret: createSecretKey(Buffer.from(config.auth.jwtSecret, 'utf8')) as unknown as string,
      }),
    }),
  ],
  providers: [AuthService, UsersService, SessionRegistry],
  exports: [AuthService, UsersService, SessionRegistry],
})
export class AuthModule {}

/** Imported by an HTTP app to require a token (and declared roles) on every route. */
@Module({
  imports: [AuthModule],
  providers: [{ provide: APP_GUARD, useClass: AuthGuard }],
})
export class AuthGuardModule {}
