import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { StatutesModule } from '../statutes/statutes.module';
import { CaseEntity } from './case.entity';
import { CasesController } from './cases.controller';
import { CasesRepository } from './cases.repository';
import { CasesService } from './cases.service';
import { CaseWriter } from './case-writer';

@Module({
  imports: [NotificationsModule, TypeOrmModule.forFeature([CaseEntity]), AuditModule, StatutesModule],
  providers: [CasesRepository, CaseWriter, CasesService],
  controllers: [CasesController],
  exports: [CasesRepository, CaseWriter, CasesService],
})
export class CasesModule {}
