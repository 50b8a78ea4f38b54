import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { StatuteDiffQueryDto } from './dto/statute-diff-query.dto';
import { StatuteLineageService } from './statute-lineage.service';

@ApiTags('statutes')
@ApiBearerAuth()
@Controller('api/statutes')
export class StatuteLineageController {
  constructor(private readonly lineage: StatuteLineageService) {}

  /** Criteria paired by family, per pair the word diff, and the criteria added and removed. */
  @Get(':id/diff')
  diff(@Param('id') id: string, @Query() query: StatuteDiffQueryDto) {
    return this.lineage.diff(id, query.against);
  }
}
