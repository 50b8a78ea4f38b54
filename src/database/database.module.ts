import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, DataSourceOptions } from 'typeorm';
import { requireReadCommitted } from './isolation-check';
import { APP_CONFIG } from '../config/app-config';
import type { AppConfig } from '../config/app-config';
import { buildDataSourceOptions } from './data-source-options';
import { DatabaseMaintenance } from './database-maintenance';
import { UnitOfWork } from './unit-of-work';
import { releaseWriterLock } from './sqlite-writer-lock';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      // Migrations run before the first request; never `synchronize`.
      useFactory: (config: AppConfig) => ({
        ...buildDataSourceOptions(config.database),
        migrationsRun: true,
        migrationsTransactionMode: 'each',
        // Fail at once with the cause: retrying a locked, full or unreachable database only hides it.
        retryAttempts: 1,
        toRetry: () => false,
      }),
      // Checked while the modules are built, so that a refusal is reported as one line (main.ts).
      dataSourceFactory: async (options?: DataSourceOptions) => {
        const dataSource = await new DataSource(options!).initialize();
        await requireReadCommitted(dataSource);
        return dataSource;
      },
    }),
  ],
  providers: [UnitOfWork, DatabaseMaintenance],
  exports: [UnitOfWork],
})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  onApplicationShutdown(): void {
    if (this.config.database.type === 'sqlite') releaseWriterLock(this.config.database.path);
  }
}
