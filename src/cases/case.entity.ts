import { Column, Entity, PrimaryColumn, Unique } from 'typeorm';
import { jsonText } from '../database/column-transformers';
import type { PersistedMachineState } from '../workflow/machine-runtime';
import type { ApprovedFinding, CaseContext, FindingRating } from './case-machine';

@Entity('cases')
@Unique('uq_cases_cycle_criterion', ['cycleId', 'criterionCode'])
export class CaseEntity {
  /** `${cycleId}.${criterionCode}`: readable in URLs, memos and exports. */
  @PrimaryColumn({ type: 'varchar', length: 160 })
  id: string;

  @Column({ name: 'cycle_id', type: 'varchar', length: 64 })
  cycleId: string;

  @Column({ name: 'criterion_code', type: 'varchar', length: 80 })
  criterionCode: string;

  @Column({ name: 'tranche_code', type: 'varchar', length: 16 })
  trancheCode: string;

  /** The statute version whose criterion text this case is assessed against (its cycle's pin). */
  @Column({ name: 'statute_version', type: 'varchar', length: 64 })
  statuteVersion: string;

  @Column({ type: 'varchar', length: 32 })
  state: string;

  @Column({ type: 'text', transformer: jsonText })
  snapshot: PersistedMachineState<CaseContext>;

  @Column({ type: 'integer' })
  version: number;

  @Column({ name: 'proposed_rating', type: 'varchar', length: 16, nullable: true })
  proposedRating: FindingRating | null;

  @Column({ name: 'proposed_rationale', type: 'text', nullable: true })
  proposedRationale: string | null;

  @Column({ name: 'proposed_narrative', type: 'text', nullable: true })
  proposedNarrative: string | null;

  @Column({ type: 'text', nullable: true, transformer: jsonText })
  finding: ApprovedFinding | null;

  @Column({ name: 'submitted_by', type: 'varchar', length: 64, nullable: true })
  submittedBy: string | null;

  @Column({ name: 'updated_at', type: 'varchar', length: 32 })
  updatedAt: string;
}
