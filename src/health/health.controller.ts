import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses } from '../common/api-docs';
import { HealthResponseDto } from './health-response.dto';
import { Public } from '../auth/auth.decorators';
import { HealthService } from './health.service';

@ApiTags('health')
@ApiErrorResponses()
@Controller('api/health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Whether the desk takes writes: `status` is `ok`, or `degraded` while the database refuses writes (reads go on)', security: [] })
  @ApiOkResponse({ type: HealthResponseDto })
  report() {
    return this.health.report();
  }
}
