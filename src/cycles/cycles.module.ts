import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { CasesModule } from '../cases/cases.module';
import { DocumentsModule } from '../documents/documents.module';
import { StatutesModule } from '../statutes/statutes.module';
import { CycleEntity } from './cycle.entity';
import { CyclesController } from './cycles.controller';
import { CyclesRepository } from './cycles.repository';
import { CyclesService } from './cycles.service';
import { CycleWriter } from './cycle-writer';

@Module({
  imports: [NotificationsModule, TypeOrmModule.forFeature([CycleEntity]), AuditModule, CasesModule, StatutesModule, DocumentsModule],
  providers: [CyclesRepository, CyclesService, CycleWriter],
  controllers: [CyclesController],
  exports: [CyclesRepository, CyclesService],
})
export class CyclesModule {}
