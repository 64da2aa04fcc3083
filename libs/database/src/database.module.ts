import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '@app/core';
import { buildDataSourceOptions } from './data-source-options';
import { detectDatabaseFlavor } from './ensure-database';

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: async (config: AppConfig) => ({
        ...buildDataSourceOptions({
          ...config.database,
          flavor: await detectDatabaseFlavor(config.database.url),
        }),
        retryAttempts: 3,
        retryDelay: 1000,
      }),
    }),
  ],
})
export class DatabaseModule {}
