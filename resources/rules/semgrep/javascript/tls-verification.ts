import tls from 'tls';
import { Pool } from 'pg';

export const pool = new Pool({
  connectionString: process.env.DATABASE_URL,
  // ruleid: js-tls-verification-disabled
  ssl: { rejectUnauthorized: false },
});

export const strictPool = new Pool({
  connectionString: process.env.DATABASE_URL,
  // ok: js-tls-verification-disabled
  ssl: { rejectUnauthorized: true, ca: process.env.PG_CA_CERT },
});

// ok: js-tls-verification-disabled
export const socket = tls.connect({ host: 'mq.internal', port: 5671, servername: 'mq.internal' });
