import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CasesModule } from '../cases/cases.module';
import { EvidenceEntity } from './evidence.entity';
import { EvidenceRevisionEntity } from './evidence-revision.entity';
import { EvidenceController } from './evidence.controller';
import { EvidenceRepository } from './evidence.repository';
import { EvidenceService } from './evidence.service';

@Module({
  imports: [TypeOrmModule.forFeature([EvidenceEntity, EvidenceRevisionEntity]), CasesModule],
  providers: [EvidenceRepository, EvidenceService],
  controllers: [EvidenceController],
  exports: [EvidenceRepository, EvidenceService],
})
export class EvidenceModule {}
