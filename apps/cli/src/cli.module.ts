import { Module } from '@nestjs/common';
import { AuthModule } from '@app/auth';
import { AppConfigModule, TimeModule } from '@app/core';
import { DatabaseModule } from '@app/database';
import { RedisModule } from '@app/queue';
import { UnitsModule } from '@app/units';

/** Redis too: a password reset by `admin` ends the sessions the API processes still accept. */
@Module({
  imports: [
    AppConfigModule.forRoot(),
    TimeModule,
    DatabaseModule,
    RedisModule,
    UnitsModule,
    AuthModule,
  ],
})
export class CliModule {}
