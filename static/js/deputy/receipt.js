/** Receipt codes: 128 random bits as 26 Crockford base-32 characters, grouped by 4. */

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Bytes as base-32, most significant bit first; the last character is padded with zeros. */
export function encodeBase32(bytes) {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (let i = 0; i < bytes.length; i += 1) {
    buffer = ((buffer << 8) | bytes[i]) & 0xfff;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += ALPHABET[(buffer >> bits) & 31];
    }
  }
  if (bits > 0) out += ALPHABET[(buffer << (5 - bits)) & 31];
  return out;
}

/** 'K7Q29XMD…' → 'K7Q2-9XMD-…' */
export function groupReceipt(code) {
  return code.match(/.{1,4}/g).join('-');
}

/** A fresh receipt code; never falls back to Math.random, which is guessable. */
export function newReceipt() {
  const bytes = new Uint8Array(16);
  window.crypto.getRandomValues(bytes);
  return groupReceipt(encodeBase32(bytes));
}
