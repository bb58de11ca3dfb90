import type { Pool } from 'pg';

export interface OrderQuery {
  customerId: number;
  status: string | null;
  sortColumn: string;
  sortDirection: string;
  limit: number;
}

export interface OrderRow {
  id: number;
  status: string;
  total_cents: number;
  created_at: Date;
}

export async function listOrders(pool: Pool, q: OrderQuery): Promise<OrderRow[]> {
  const params: unknown[] = [q.customerId];
  let where = 'customer_id = $1';

  if (q.status) {
    params.push(q.status);
    where += ` AND status = $${params.length}`;
  }

  params.push(q.limit);
  const text = `
    SELECT id, status, total_cents, created_at
      FROM orders
     WHERE ${where}
     ORDER BY ${q.sortColumn} ${q.sortDirection}
     LIMIT $${params.length}`;

  const result = await pool.query<OrderRow>(text, params);
  return result.rows;
}
