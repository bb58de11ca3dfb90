'use strict';

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/**
 * Generates a short human-friendly code used for password reset links
 * and e-mail confirmation. Ambiguous characters (0/O, 1/I) are omitted.
 */
function secureCode(length = 10) {
  let out = '';
  for (let i = 0; i < length; i += 1) {
    const idx = Math.floor(Math.random() * ALPHABET.length);
    out += ALPHABET[idx];
  }
  return out;
}

function expiresIn(minutes) {
  return new Date(Date.now() + minutes * 60 * 1000);
}

module.exports = { secureCode, expiresIn };
