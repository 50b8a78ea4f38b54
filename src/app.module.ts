import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { Clock } from './common/clock';
import { DomainExceptionFilter } from './common/domain-exception.filter';
import { DatabaseModule } from './database/database.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { StatutesModule } from './statutes/statutes.module';
import { CyclesModule } from './cycles/cycles.module';
import { CasesModule } from './cases/cases.module';
import { EvidenceModule } from './evidence/evidence.module';
import { SeedModule } from './seed/seed.module';
import { TemplatesModule } from './templates/templates.module';
import { WebModule } from './web/web.module';
import { DocumentsModule } from './documents/documents.module';
import { WorkModule } from './work/work.module';
import { CarryForwardModule } from './carry-forward/carry-forward.module';
import { TrendModule } from './trend/trend.module';
import { ReconciliationModule } from './reconciliation/reconciliation.module';
import { HealthModule } from './health/health.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, clock?: Clock): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config, clock),
        DatabaseModule,
        HealthModule,
        TemplatesModule,
        AuditModule,
        AuthModule,
        StatutesModule,
        CyclesModule,
        DocumentsModule,
        CasesModule,
        EvidenceModule,
        WorkModule,
        CarryForwardModule,
        TrendModule,
        ReconciliationModule,
        SeedModule,
        WebModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: DomainExceptionFilter }],
    };
  }
}
