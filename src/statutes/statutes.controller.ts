import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses } from '../common/api-docs';
import { StatutesService } from './statutes.service';

// The catalog entry as data/statutes/ holds it (schema version 2: act, recipients, tranches with their criteria in statutory order).
const STATUTE_SCHEMA = { type: 'object' as const, additionalProperties: true, required: ['id', 'title', 'citation', 'tranches'] };

class StatuteVersionDto {
  @ApiProperty() version: string;
  @ApiProperty({ format: 'date-time' }) loadedAt: string;
  @ApiProperty() current: boolean;
}

@ApiTags('statutes')
@ApiBearerAuth()
@ApiErrorResponses()
@Controller('api/statutes')
export class StatutesController {
  constructor(private readonly statutes: StatutesService) {}

  @ApiOperation({ summary: 'The statute catalog, each with its tranches and criteria in statutory order' })
  @ApiOkResponse({ schema: { type: 'array', items: STATUTE_SCHEMA } })
  @Get()
  list() {
    return this.statutes.list();
  }

  @ApiOperation({ summary: 'Every kept catalog version of a statute' })
  @ApiOkResponse({ type: [StatuteVersionDto] })
  @Get(':id/versions')
  versions(@Param('id') id: string) {
    return this.statutes.listVersions(id);
  }

  @ApiOperation({ summary: 'One statute of the catalog' })
  @ApiOkResponse({ schema: STATUTE_SCHEMA })
  @Get(':id')
  get(@Param('id') id: string) {
    return this.statutes.get(id);
  }
}
