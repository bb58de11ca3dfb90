import md5 from 'md5';
import { createHash } from 'crypto';

export function legacyPasswordHash(password: string): string {
  // ruleid: js-weak-hash-password
  return md5(password);
}

export function cacheKey(url: string): string {
  // ok: js-weak-hash-password
  return md5(url);
}

export function fileChecksum(buffer: Buffer): string {
  // ok: js-weak-hash-password
  return createHash('sha1').update(buffer).digest('hex');
}
