import { Column, Entity, PrimaryColumn, Unique } from 'typeorm';
import { bigintAsNumber, jsonText } from '../database/column-transformers';
import type { PersistedMachineState } from '../workflow/machine-runtime';
import type { CycleContext } from './cycle-machine';

@Entity('cycles')
@Unique('uq_cycles_statute_year', ['statuteId', 'fiscalYear'])
export class CycleEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id: string;

  @Column({ name: 'statute_id', type: 'varchar', length: 64 })
  statuteId: string;

  @Column({ name: 'fiscal_year', type: 'integer' })
  fiscalYear: number;

  @Column({ name: 'appropriated_cents', type: 'bigint', transformer: bigintAsNumber })
  appropriatedCents: number;

  /** Withheld share in basis points (15% = 1500), copied from the statute when the cycle opened. */
  @Column({ name: 'withheld_basis_points', type: 'integer' })
  withheldBasisPoints: number;

  @Column({ name: 'withheld_cents', type: 'bigint', transformer: bigintAsNumber })
  withheldCents: number;

  @Column({ name: 'obligation_deadline', type: 'varchar', length: 10 })
  obligationDeadline: string;

  @Column({ type: 'varchar', length: 32 })
  state: string;

  @Column({ type: 'text', transformer: jsonText })
  snapshot: PersistedMachineState<CycleContext>;

  @Column({ type: 'integer' })
  version: number;

  @Column({ type: 'text', nullable: true, transformer: jsonText })
  decision: Record<string, unknown> | null;

  @Column({ name: 'created_by', type: 'varchar', length: 64 })
  createdBy: string;

  @Column({ name: 'created_at', type: 'varchar', length: 32 })
  createdAt: string;

  @Column({ name: 'updated_at', type: 'varchar', length: 32 })
  updatedAt: string;
}
