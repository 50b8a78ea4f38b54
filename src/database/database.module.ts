import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { buildDataSourceOptions } from './data-source-options';
import { DatabaseMaintenance } from './database-maintenance';
import { UnitOfWork } from './unit-of-work';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      // Migrations run before the first request; never `synchronize`.
      useFactory: (config: AppConfig) => ({ ...buildDataSourceOptions(config.database), migrationsRun: true, migrationsTransactionMode: 'each' }),
    }),
  ],
  providers: [UnitOfWork, DatabaseMaintenance],
  exports: [UnitOfWork],
})
export class DatabaseModule {}
