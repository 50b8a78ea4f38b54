import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses } from '../common/api-docs';
import { StatuteDiffResponseDto } from './dto/statute-diff-response.dto';
import { StatuteDiffQueryDto } from './dto/statute-diff-query.dto';
import { StatuteLineageService } from './statute-lineage.service';

@ApiTags('statutes')
@ApiBearerAuth()
@ApiErrorResponses()
@Controller('api/statutes')
export class StatuteLineageController {
  constructor(private readonly lineage: StatuteLineageService) {}

  /** Criteria paired by family, per pair the word diff, and the criteria added and removed. */
  @ApiOkResponse({ type: StatuteDiffResponseDto })
  @ApiOperation({ summary: 'Word diff of a provision\'s criteria against an earlier provision' })
  @Get(':id/diff')
  diff(@Param('id') id: string, @Query() query: StatuteDiffQueryDto) {
    return this.lineage.diff(id, query.against);
  }
}
