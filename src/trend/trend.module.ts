import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { CyclesModule } from '../cycles/cycles.module';
import { StatutesModule } from '../statutes/statutes.module';
import { TrendController } from './trend.controller';
import { TrendService } from './trend.service';

@Module({
  imports: [CasesModule, CyclesModule, StatutesModule],
  providers: [TrendService],
  controllers: [TrendController],
  exports: [TrendService],
})
export class TrendModule {}
