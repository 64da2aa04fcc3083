import { Module } from '@nestjs/common';
import { AuthModule } from '@app/auth';
import { AppConfigModule, TimeModule } from '@app/core';
import { DatabaseModule } from '@app/database';
import { UnitsModule } from '@app/units';

@Module({
  imports: [AppConfigModule.forRoot(), TimeModule, DatabaseModule, UnitsModule, AuthModule],
})
export class CliModule {}
