import CryptoJS from 'crypto-js';
import { createCipheriv, randomBytes } from 'crypto';

export function encryptNote(note: string, key: string): string {
  // ruleid: js-broken-cipher-algorithm
  return CryptoJS.DES.encrypt(note, key).toString();
}

export function encryptNoteAes(note: string, key: string): string {
  // ok: js-broken-cipher-algorithm
  return CryptoJS.AES.encrypt(note, key).toString();
}

export function encryptBlob(data: Buffer, key: Buffer): Buffer {
  const iv = randomBytes(12);
  // ok: js-broken-cipher-algorithm
  const c = createCipheriv('chacha20-poly1305', key, iv, { authTagLength: 16 });
  return Buffer.concat([iv, c.update(data), c.final(), c.getAuthTag()]);
}

export function decryptLegacy(data: string, password: string): string {
  // ok: js-broken-cipher-no-iv
  const d = CryptoJS.AES.decrypt(data, password);
  return d.toString(CryptoJS.enc.Utf8);
}

export function decryptOld(data: string, password: string): string {
  // ruleid: js-broken-cipher-no-iv
  const d = require('crypto').createDecipher('aes192', password);
  return d.update(data, 'hex', 'utf8') + d.final('utf8');
}
