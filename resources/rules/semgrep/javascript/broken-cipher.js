const crypto = require('crypto');

const KEY = Buffer.from(process.env.DATA_KEY, 'hex');

function encryptCard(number) {
  // ruleid: js-broken-cipher-algorithm
  const cipher = crypto.createCipheriv('des-ede3-cbc', KEY.subarray(0, 24), crypto.randomBytes(8));
  return cipher.update(number, 'utf8', 'hex') + cipher.final('hex');
}

function encryptSsn(ssn) {
  // ruleid: js-broken-cipher-algorithm
  const cipher = crypto.createCipheriv('aes-256-ecb', KEY, null);
  return cipher.update(ssn, 'utf8', 'base64') + cipher.final('base64');
}

function encryptLegacy(text, password) {
  // ruleid: js-broken-cipher-no-iv
  const cipher = crypto.createCipher('aes-256-cbc', password);
  return cipher.update(text, 'utf8', 'hex') + cipher.final('hex');
}

function encryptSafe(text) {
  const iv = crypto.randomBytes(12);
  // ok: js-broken-cipher-algorithm
  const cipher = crypto.createCipheriv('aes-256-gcm', KEY, iv);
  const enc = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), enc]).toString('base64');
}

function encryptCbc(text) {
  const iv = crypto.randomBytes(16);
  // ok: js-broken-cipher-algorithm
  // ok: js-broken-cipher-no-iv
  const cipher = crypto.createCipheriv('aes-256-cbc', KEY, iv);
  return iv.toString('hex') + cipher.update(text, 'utf8', 'hex') + cipher.final('hex');
}

module.exports = { encryptCard, encryptSsn, encryptLegacy, encryptSafe, encryptCbc };
