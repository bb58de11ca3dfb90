import type { Pool } from 'pg';

export interface OrderQuery {
  customerId: number;
  status: string | null;
  sortColumn: string;
  sortDirection: 'ASC' | 'DESC';
  limit: number;
}

export interface OrderRow {
  id: number;
  status: string;
  total_cents: number;
  created_at: Date;
}

const COLUMN_SQL = new Map<string, string>([
  ['created_at', 'created_at'],
  ['total_cents', 'total_cents'],
  ['status', 'status'],
]);

export async function listOrders(pool: Pool, q: OrderQuery): Promise<OrderRow[]> {
  const column = COLUMN_SQL.get(q.sortColumn) ?? 'created_at';
  const direction = q.sortDirection === 'ASC' ? 'ASC' : 'DESC';

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
     ORDER BY ${column} ${direction}
     LIMIT $${params.length}`;

  const result = await pool.query<OrderRow>(text, params);
  return result.rows;
}
