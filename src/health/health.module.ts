import { Module } from '@nestjs/common';
import { HealthController } from './health.controller';
import { HealthService } from './health.service';

/** `GET /api/health`: what an operator or a load balancer asks first. */
@Module({ controllers: [HealthController], providers: [HealthService] })
export class HealthModule {}
