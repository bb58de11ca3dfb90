import Koa from 'koa';
import Router from '@koa/router';
import { PrismaClient } from '@prisma/client';
import { Sequelize, QueryTypes } from 'sequelize';
import { NextRequest, NextResponse } from 'next/server';
import { getRepository } from 'typeorm';

const prisma = new PrismaClient();
const sequelize = new Sequelize(process.env.DATABASE_URL as string);
const router = new Router();

router.get('/accounts', async (ctx) => {
  const email = ctx.query.email as string;
  // ruleid: js-sql-injection
  ctx.body = await prisma.$queryRawUnsafe(`SELECT * FROM "Account" WHERE email = '${email}'`);
});

router.get('/accounts/safe', async (ctx) => {
  const email = ctx.query.email as string;
  // ok: js-sql-injection
  ctx.body = await prisma.$queryRaw`SELECT * FROM "Account" WHERE email = ${email}`;
});

router.post('/invoices', async (ctx) => {
  const body = ctx.request.body as { customer: string };
  // ruleid: js-sql-injection
  ctx.body = await sequelize.query('SELECT * FROM invoices WHERE customer = \'' + body.customer + '\'', { type: QueryTypes.SELECT });
});

router.post('/invoices/safe', async (ctx) => {
  const body = ctx.request.body as { customer: string };
  // ok: js-sql-injection
  ctx.body = await sequelize.query('SELECT * FROM invoices WHERE customer = :customer', {
    replacements: { customer: body.customer },
    type: QueryTypes.SELECT,
  });
});

export async function GET(request: NextRequest) {
  const name = request.nextUrl.searchParams.get('name');
  const qb = getRepository('User').createQueryBuilder('u');
  // ruleid: js-sql-injection
  const users = await qb.where(`u.name = '${name}'`).getMany();
  // ok: js-sql-injection
  const same = await qb.where('u.name = :name', { name }).getMany();
  return NextResponse.json({ users, same });
}

export default router;

export class OrdersRepository {
  constructor(private readonly dataSource: any, private readonly pool: any) {}

  byCustomer({ customerName, status }: { customerName: string; status: string }) {
    return this.dataSource
      .getRepository('Order')
      .createQueryBuilder('o')
      // ruleid: js-sql-injection-query-argument
      .where(`o.customerName = '${customerName}'`)
      // ok: js-sql-injection-query-argument
      .andWhere('o.status = :status', { status })
      .getMany();
  }

  async notes(keyword: string) {
    const sql = `SELECT id, body FROM notes WHERE body LIKE '%${keyword}%'`;
    // ruleid: js-sql-injection-query-argument
    return this.pool.query(sql);
  }

  async recent(limit: number) {
    // ok: js-sql-injection-query-argument
    return this.pool.query(`SELECT * FROM orders ORDER BY created_at DESC LIMIT ${limit}`);
  }

  async run(sql: string, values: unknown[]) {
    // ok: js-sql-injection-query-argument
    return this.pool.query(sql, values);
  }

  async byId(id: string) {
    // ok: js-sql-injection-query-argument
    return this.pool.query('SELECT * FROM orders WHERE id = $1', [id]);
  }

  async byRef(ref: string) {
    // ok: js-sql-injection-query-argument
    return this.pool.query(`SELECT * FROM orders WHERE ref = ${this.pool.escapeLiteral(ref)}`);
  }
}

@Controller('invoices')
export class InvoicesController {
  constructor(private readonly dataSource: any) {}

  @Get()
  async list(@Query('status') status: string, @Query('page', new DefaultValuePipe(1)) page: string) {
    // ruleid: js-sql-injection
    return this.dataSource.query(`SELECT * FROM invoices WHERE status = '${status}' OFFSET ${page}`);
  }

  @Get(':id')
  async one(@Param('id', ParseIntPipe) id: number) {
    // ok: js-sql-injection, js-sql-injection-query-argument
    return this.dataSource.query(`SELECT * FROM invoices WHERE id = ${id}`);
  }

  @Post('search')
  async search(@Body() dto: { customer: string }) {
    // ok: js-sql-injection, js-sql-injection-query-argument
    return this.dataSource.query('SELECT * FROM invoices WHERE customer = $1', [dto.customer]);
  }
}
