import { Pool, type PoolClient } from 'pg';
import Stripe from 'stripe';

const isProduction = process.env.NODE_ENV === 'production';

export const pool = new Pool({
  connectionString: isProduction
    ? 'postgres://billing_app:Rk7vQ2m!xW9tLp4z@billing-db.prod.internal:5432/billing'
    : 'postgres://billing_app:billing@localhost:5432/billing_dev',
  max: 20,
  idleTimeoutMillis: 30_000,
  ssl: isProduction ? { rejectUnauthorized: true } : undefined,
});

export const stripe = new Stripe(process.env.STRIPE_SECRET_KEY ?? '', {
  apiVersion: '2024-06-20',
  maxNetworkRetries: 2,
});

export async function withTransaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  } finally {
    client.release();
  }
}

export async function recordPayment(invoiceId: string, paymentIntentId: string): Promise<void> {
  await withTransaction(async (client) => {
    const { rows } = await client.query<{ status: string }>(
      'SELECT status FROM invoices WHERE id = $1 FOR UPDATE',
      [invoiceId],
    );
    if (rows.length === 0) {
      throw new Error(`invoice ${invoiceId} not found`);
    }
    if (rows[0].status === 'paid') {
      return;
    }
    await client.query(
      'UPDATE invoices SET status = $2, payment_intent_id = $3, paid_at = now() WHERE id = $1',
      [invoiceId, 'paid', paymentIntentId],
    );
  });
}

export async function shutdown(): Promise<void> {
  await pool.end();
}
