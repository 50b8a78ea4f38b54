import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { CasesModule } from '../cases/cases.module';
import { StatutesModule } from '../statutes/statutes.module';
import { CycleEntity } from './cycle.entity';
import { CyclesController } from './cycles.controller';
import { CyclesRepository } from './cycles.repository';
import { CyclesService } from './cycles.service';

@Module({
  imports: [TypeOrmModule.forFeature([CycleEntity]), AuditModule, CasesModule, StatutesModule],
  providers: [CyclesRepository, CyclesService],
  controllers: [CyclesController],
  exports: [CyclesRepository, CyclesService],
})
export class CyclesModule {}
