/**
 * The sf CLI's encryption of secrets in auth files (@salesforce/core lib/crypto/crypto.js): AES-256-GCM, stored as
 * `<ivHex><cipherHex>:<tagHex>`. The version follows the key's length:
 * - v1, a 32-hex-char key: the AES key is those 32 ASCII characters, the IV is 6 random bytes written as 12 hex
 *   characters, and the IV actually used is those 12 ASCII characters;
 * - v2, a 64-hex-char key: the AES key is the 32 decoded bytes, the IV 12 random bytes (24 hex characters).
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export type CryptoVersion = 'v1' | 'v2';

export function cryptoVersion(key: string): CryptoVersion | undefined {
  if (/^[0-9a-f]{32}$/i.test(key)) return 'v1';
  if (/^[0-9a-f]{64}$/i.test(key)) return 'v2';
  return undefined;
}

/** A new key as sf makes one: v1 unless SF_CRYPTO_V2=true. */
export function newKey(env: NodeJS.ProcessEnv = process.env): string {
  return randomBytes(env.SF_CRYPTO_V2?.toLowerCase() === 'true' ? 32 : 16).toString('hex');
}

function material(key: string): { aesKey: Buffer; ivHexLength: number; iv: (ivHex: string) => Buffer } {
  const version = cryptoVersion(key);
  if (version === 'v1') return { aesKey: Buffer.from(key, 'utf8'), ivHexLength: 12, iv: (h) => Buffer.from(h, 'utf8') };
  if (version === 'v2') return { aesKey: Buffer.from(key, 'hex'), ivHexLength: 24, iv: (h) => Buffer.from(h, 'hex') };
  throw new Error('the sf key is neither 32 nor 64 hex characters');
}

export function encrypt(plain: string, key: string): string {
  const { aesKey, ivHexLength, iv } = material(key);
  const ivHex = randomBytes(ivHexLength / 2).toString('hex');
  const cipher = createCipheriv('aes-256-gcm', aesKey, iv(ivHex));
  const data = cipher.update(plain, 'utf8', 'hex') + cipher.final('hex');
  return `${ivHex}${data}:${cipher.getAuthTag().toString('hex')}`;
}

export function decrypt(stored: string, key: string): string {
  const { aesKey, ivHexLength, iv } = material(key);
  const [body, tag] = stored.split(':');
  if (!body || !tag || tag.length !== 32) throw new Error('not an sf-encrypted value');
  const decipher = createDecipheriv('aes-256-gcm', aesKey, iv(body.slice(0, ivHexLength)));
  decipher.setAuthTag(Buffer.from(tag, 'hex'));
  return decipher.update(body.slice(ivHexLength), 'hex', 'utf8') + decipher.final('utf8');
}
