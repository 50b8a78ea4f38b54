import { Injectable } from '@nestjs/common';
import { StorageHealth, UnitOfWork } from '../database/unit-of-work';

export interface HealthReport {
  status: 'ok' | 'degraded';
  storage: StorageHealth;
}

@Injectable()
export class HealthService {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  report(): HealthReport {
    const storage = this.unitOfWork.storageHealth();
    return { status: storage.writable ? 'ok' : 'degraded', storage };
  }
}
