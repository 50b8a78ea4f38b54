import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { StatutesService } from './statutes.service';

@ApiTags('statutes')
@ApiBearerAuth()
@Controller('api/statutes')
export class StatutesController {
  constructor(private readonly statutes: StatutesService) {}

  @Get()
  list() {
    return this.statutes.list();
  }

  @Get(':id/versions')
  versions(@Param('id') id: string) {
    return this.statutes.listVersions(id);
  }

  @Get(':id')
  get(@Param('id') id: string) {
    return this.statutes.get(id);
  }
}
