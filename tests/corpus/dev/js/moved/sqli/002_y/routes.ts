import type { FastifyInstance, FastifyRequest } from 'fastify';
import { listOrders, type OrderQuery } from './orderRepository';

const SORTABLE_COLUMNS = new Set(['created_at', 'total_cents', 'status']);

interface ListQuery {
  status?: string;
  sort?: string;
  order?: string;
  limit?: string;
}

export default async function orderRoutes(app: FastifyInstance): Promise<void> {
  app.get('/customers/:customerId/orders', async (request: FastifyRequest<{
    Params: { customerId: string };
    Querystring: ListQuery;
  }>, reply) => {
    const customerId = Number(request.params.customerId);
    if (!Number.isSafeInteger(customerId)) {
      return reply.code(404).send({ message: 'not found' });
    }

    const { status, sort = 'created_at', order = 'desc' } = request.query;
    if (!SORTABLE_COLUMNS.has(sort)) {
      return reply.code(400).send({ message: 'unsupported sort column' });
    }

    const limit = Math.min(Number(request.query.limit) || 50, 200);

    const query: OrderQuery = {
      customerId,
      status: status ?? null,
      sortColumn: sort,
      sortDirection: order.toLowerCase() === 'asc' ? 'ASC' : 'DESC',
      limit,
    };

    const orders = await listOrders(app.pg, query);
    return { customerId, count: orders.length, orders };
  });
}
