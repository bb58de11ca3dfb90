import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Customer } from './customer.entity';

export interface CustomerSearch {
  term: string;
  country?: string;
  page: number;
}

const PAGE_SIZE = 20;

@Injectable()
export class CustomersService {
  constructor(@InjectRepository(Customer) private readonly repo: Repository<Customer>) {}

  search({ term, country, page }: CustomerSearch): Promise<[Customer[], number]> {
    const pattern = `%${term.replace(/[\\%_]/g, '\\$&')}%`;
    const qb = this.repo
      .createQueryBuilder('c')
      .select(['c.id', 'c.fullName', 'c.email', 'c.country', 'c.createdAt'])
      .where('(c.fullName ILIKE :pattern OR c.email ILIKE :pattern)', { pattern })
      .andWhere('c.deletedAt IS NULL');

    if (country && /^[A-Z]{2}$/.test(country)) {
      qb.andWhere('c.country = :country', { country });
    }

    return qb
      .orderBy('c.createdAt', 'DESC')
      .skip((page - 1) * PAGE_SIZE)
      .take(PAGE_SIZE)
      .getManyAndCount();
  }
}
