import { Module } from '@nestjs/common';
import { RefreshTokensRepository } from './refresh-tokens.repository';
import { UsersRepository } from './users.repository';

/**
 * The auth lib's tables alone, without tokens or guards: for a lib that must read users (the
 * admins an alert goes to) in a process that signs nobody in, such as the worker.
 */
@Module({
  providers: [UsersRepository, RefreshTokensRepository],
  exports: [UsersRepository, RefreshTokensRepository],
})
export class UsersDataModule {}
