import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { CYCLE_CLIENT_EVENTS } from '../cycle-machine';

export class CycleEventDto {
  /** One of the cycle workflow's events (SPEC section 3). */
  @IsIn(CYCLE_CLIENT_EVENTS)
  type: (typeof CYCLE_CLIENT_EVENTS)[number];

  @IsOptional() @IsString() @MaxLength(4000)
  comment?: string;

  /** DECIDE_REPROGRAM: where the funds go; PREPARE_MEMO: the reprogramming destination the memo proposes. */
  @IsOptional() @IsString() @MaxLength(200)
  destination?: string;

  /** DECIDE_REPROGRAM (or the memo's proposal): integer cents, not above the withheld amount. */
  @IsOptional() @IsInt() @Min(1, { message: 'amountCents must be at least 1 (a positive amount in cents)' }) @Max(90_000_000_000_000)
  amountCents?: number;

  /** The version the client last saw; a different current version answers 409 VERSION_CONFLICT. */
  @IsOptional() @IsInt() @Min(0)
  expectedVersion?: number;
}
