// Throwaway RSA keys for tests, the demo and the bench, in every form a user might paste. Never committed.
import { generateKeyPairSync } from 'node:crypto';

/** @param {number} [bits] */
export function makeKeyPair(bits = 2048) {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  return {
    privateKey,
    publicKey,
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    pkcs8,
    pkcs1: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    /** @param {string} passphrase */
    encryptedPkcs8: (passphrase) =>
      privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase }).toString(),
    /** Legacy "Proc-Type: 4,ENCRYPTED" PEM, as `openssl rsa -aes256` writes it. @param {string} passphrase */
    legacyEncrypted: (passphrase) =>
      privateKey.export({ type: 'pkcs1', format: 'pem', cipher: 'aes-256-cbc', passphrase }).toString(),
    /** The base64 body of the PKCS#8 PEM on one line: what a leak search looks for. */
    body: pkcs8.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '')
  };
}

/** @typedef {ReturnType<typeof makeKeyPair>} KeyPair */
