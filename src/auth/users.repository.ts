import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { UserEntity } from './user.entity';

@Injectable()
export class UsersRepository {
  constructor(@InjectRepository(UserEntity) private readonly users: Repository<UserEntity>) {}

  findById(id: number): Promise<UserEntity | null> {
    return this.users.findOneBy({ id });
  }

  findByUsername(username: string, tx?: EntityManager): Promise<UserEntity | null> {
    return (tx ? tx.getRepository(UserEntity) : this.users).findOneBy({ username });
  }

  list(): Promise<UserEntity[]> {
    return this.users.find({ order: { username: 'ASC' } });
  }

  count(): Promise<number> {
    return this.users.count();
  }

  save(tx: EntityManager, user: UserEntity): Promise<UserEntity> {
    return tx.getRepository(UserEntity).save(user);
  }
}
