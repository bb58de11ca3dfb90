import { Pool } from 'pg';
import { S3Client } from '@aws-sdk/client-s3';

// ruleid: js-hardcoded-secret-connection-string
export const pool = new Pool({ connectionString: 'postgres://app:s3cr3t-pass@db.internal:5432/app' });

// ok: js-hardcoded-secret-connection-string
export const envPool = new Pool({ connectionString: `postgres://app:${process.env.PGPASSWORD}@db.internal:5432/app` });

export const s3 = new S3Client({
  region: 'eu-west-1',
  credentials: {
    // ruleid: js-hardcoded-secret-property, js-hardcoded-secret-known-format
    accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
    // ruleid: js-hardcoded-secret-property
    secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  },
});

export const s3Env = new S3Client({
  region: 'eu-west-1',
  credentials: {
    // ok: js-hardcoded-secret-property
    accessKeyId: process.env.AWS_ACCESS_KEY_ID as string,
    // ok: js-hardcoded-secret-property
    secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY as string,
  },
});

export class MailConfig {
  // ruleid: js-hardcoded-secret-variable
  smtpPassword = 'mail-pass-123';
  // ok: js-hardcoded-secret-variable
  smtpUser = 'noreply@example.com';
  // ok: js-hardcoded-secret-variable
  apiKey = process.env.MAIL_API_KEY ?? '';
}
