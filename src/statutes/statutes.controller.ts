import { Controller, Get, Param } from '@nestjs/common';
import { ApiOperation, ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses } from '../common/api-docs';
import { CatalogStatute } from './statute-catalog.schema';
import { StatutesService } from './statutes.service';

@ApiTags('statutes')
@ApiBearerAuth()
@ApiErrorResponses()
@Controller('api/statutes')
export class StatutesController {
  constructor(private readonly statutes: StatutesService) {}

  @ApiOkResponse({ type: [CatalogStatute] })
  @ApiOperation({ summary: 'The statute catalog, each with its criteria in statutory order' })
  @Get()
  list() {
    return this.statutes.list();
  }

  @ApiOkResponse({ type: CatalogStatute })
  @ApiOperation({ summary: 'One statute of the catalog' })
  @Get(':id')
  get(@Param('id') id: string) {
    return this.statutes.get(id);
  }
}
