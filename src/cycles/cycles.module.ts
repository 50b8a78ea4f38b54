import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { CasesModule } from '../cases/cases.module';
import { StatutesModule } from '../statutes/statutes.module';
import { CycleEntity } from './cycle.entity';
import { CyclesController } from './cycles.controller';
import { CyclesRepository } from './cycles.repository';
import { CyclesService } from './cycles.service';
import { TrancheRunner } from './tranche-runner';
import { TrancheEntity } from './tranche.entity';

@Module({
  imports: [NotificationsModule, TypeOrmModule.forFeature([CycleEntity, TrancheEntity]), AuditModule, CasesModule, StatutesModule],
  providers: [CyclesRepository, CyclesService, TrancheRunner],
  controllers: [CyclesController],
  exports: [CyclesRepository, CyclesService, TrancheRunner],
})
export class CyclesModule {}
