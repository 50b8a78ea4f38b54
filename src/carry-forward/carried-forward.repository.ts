import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { CarriedForwardEntity } from './carried-forward.entity';

@Injectable()
export class CarriedForwardRepository {
  constructor(@InjectRepository(CarriedForwardEntity) private readonly rows: Repository<CarriedForwardEntity>) {}

  /** Inside the copy's own transaction; a second copy of the same source into the same case hits the unique key. */
  insert(tx: EntityManager, row: CarriedForwardEntity): Promise<unknown> {
    return tx.getRepository(CarriedForwardEntity).insert(row);
  }

  forCycle(cycleId: string): Promise<CarriedForwardEntity[]> {
    return this.rows.find({ where: { cycleId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  forCase(caseId: string): Promise<CarriedForwardEntity[]> {
    return this.rows.find({ where: { caseId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }
}
