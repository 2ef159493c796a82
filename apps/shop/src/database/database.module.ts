import { Global, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource } from 'typeorm';
import { ShopEnv } from '../config/env';
import { DatabaseService } from './database.service';

@Global()
@Module({
  providers: [
    {
      provide: DatabaseService,
      inject: [ConfigService],
      useFactory: (config: ConfigService<ShopEnv, true>) =>
        new DatabaseService({
          url: config.get('DATABASE_URL', { infer: true }),
          schema: config.get('DATABASE_SCHEMA', { infer: true }),
          pgliteDataDir: config.get('PGLITE_DATA_DIR', { infer: true }),
          migrationsRun: config.get('DATABASE_MIGRATIONS_RUN', { infer: true }),
        }),
    },
    // By class for the shop's own services; MessagingModule gets it as its `dataSource` option.
    {
      provide: DataSource,
      inject: [DatabaseService],
      useFactory: (db: DatabaseService) => db.dataSource,
    },
  ],
  exports: [DatabaseService, DataSource],
})
export class DatabaseModule {}
