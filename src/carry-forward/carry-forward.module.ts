import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CasesModule } from '../cases/cases.module';
import { CyclesModule } from '../cycles/cycles.module';
import { EvidenceModule } from '../evidence/evidence.module';
import { StatutesModule } from '../statutes/statutes.module';
import { CarriedForwardEntity } from './carried-forward.entity';
import { CarriedForwardRepository } from './carried-forward.repository';
import { CarryForwardController } from './carry-forward.controller';
import { CarryForwardService } from './carry-forward.service';

/** Year over year: what a new cycle takes over from the recipient's previous one. */
@Module({
  imports: [TypeOrmModule.forFeature([CarriedForwardEntity]), CasesModule, CyclesModule, EvidenceModule, StatutesModule],
  providers: [CarriedForwardRepository, CarryForwardService],
  controllers: [CarryForwardController],
  exports: [CarryForwardService],
})
export class CarryForwardModule {}
