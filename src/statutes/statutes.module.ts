import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import * as path from 'node:path';
import { StatuteEntity } from './statute.entity';
import { StatuteVersionEntity } from './statute-version.entity';
import { STATUTE_CATALOG, StatutesService } from './statutes.service';
import { StatutesController } from './statutes.controller';
import { loadStatuteCatalog } from './statute-catalog';
import { StatuteLineageService } from './statute-lineage.service';
import { StatuteLineageController } from './statute-lineage.controller';

export const STATUTE_DIR = path.resolve(__dirname, '..', '..', 'data', 'statutes');

@Module({
  imports: [TypeOrmModule.forFeature([StatuteEntity, StatuteVersionEntity])],
  providers: [
    // Loaded and validated once; a bad file stops start-up with the file and field named.
    { provide: STATUTE_CATALOG, useFactory: () => loadStatuteCatalog(process.env.STATUTE_DIR || STATUTE_DIR) },
    StatutesService,
    StatuteLineageService,
  ],
  controllers: [StatutesController, StatuteLineageController],
  exports: [StatutesService, StatuteLineageService],
})
export class StatutesModule {}
