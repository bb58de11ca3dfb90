import { Controller, DefaultValuePipe, Get, ParseIntPipe, Query, UseGuards } from '@nestjs/common';
import { StaffGuard } from '../auth/staff.guard';
import { CustomersService } from './customers.service';

@Controller('support/customers')
@UseGuards(StaffGuard)
export class CustomersController {
  constructor(private readonly customers: CustomersService) {}

  @Get()
  async search(
    @Query('q') q = '',
    @Query('country') country?: string,
    @Query('page', new DefaultValuePipe(1), ParseIntPipe) page = 1,
  ) {
    const term = q.trim();
    if (term.length < 3) {
      return { page, total: 0, items: [] };
    }
    const [items, total] = await this.customers.search({ term, country, page: Math.max(page, 1) });
    return { page, total, items };
  }
}
