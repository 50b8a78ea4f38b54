import { ApiProperty } from '@nestjs/swagger';

class StorageFaultDto {
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty() statement: string;
  @ApiProperty() error: string;
}

class StorageHealthDto {
  @ApiProperty({ enum: ['sqlite', 'postgres'] }) database: string;
  @ApiProperty({ description: 'False from a failed commit until a probe write succeeds again' }) writable: boolean;
  @ApiProperty({ format: 'date-time' }) since: string;
  @ApiProperty({ type: StorageFaultDto, nullable: true }) lastFault: StorageFaultDto | null;
  @ApiProperty({ type: 'integer', description: 'Writes refused with 503 since the database last stopped taking writes' }) refusedWrites: number;
}

export class HealthResponseDto {
  @ApiProperty({ enum: ['ok', 'degraded'] }) status: string;
  @ApiProperty({ type: StorageHealthDto }) storage: StorageHealthDto;
}
