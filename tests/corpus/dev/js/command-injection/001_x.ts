import type { NextApiRequest, NextApiResponse } from 'next';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { getServerSession } from 'next-auth/next';
import { authOptions } from '../auth/[...nextauth]';

const run = promisify(execFile);

const DOMAIN_PATTERN = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/i;

type VerificationResult =
  | { verified: true; record: string }
  | { verified: false; reason: string };

function isDomainName(value: string): boolean {
  return value.length <= 253 && DOMAIN_PATTERN.test(value);
}

// POST /api/domains/verify  { "domain": "shop.example.org" }
export default async function handler(req: NextApiRequest, res: NextApiResponse<VerificationResult>) {
  if (req.method !== 'POST') {
    res.setHeader('Allow', 'POST');
    return res.status(405).end();
  }

  const session = await getServerSession(req, res, authOptions);
  if (!session?.user?.id) {
    return res.status(401).json({ verified: false, reason: 'sign in first' });
  }

  const domain = String(req.body?.domain ?? '').trim().toLowerCase();
  if (!isDomainName(domain)) {
    return res.status(400).json({ verified: false, reason: 'not a domain name' });
  }

  const expected = `site-verification=${session.user.id}`;
  try {
    const { stdout } = await run('dig', ['+short', 'TXT', domain], { timeout: 5000 });
    const records = stdout
      .split('\n')
      .map((line) => line.trim().replace(/^"|"$/g, ''))
      .filter(Boolean);
    const match = records.find((r) => r === expected);
    return match
      ? res.status(200).json({ verified: true, record: match })
      : res.status(200).json({ verified: false, reason: `no TXT record ${expected} found` });
  } catch {
    return res.status(502).json({ verified: false, reason: 'DNS lookup failed' });
  }
}
