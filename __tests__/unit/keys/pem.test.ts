// The PEM scan and the size cap: findPemBlock finds exactly what the old regex found, in linear time; key and
// certificate inputs over MAX_PEM_INPUT are refused at once with a message that says why; a PEM "bomb" (megabytes of
// BEGIN lines, which took the old regex over 30 s) is over in well under a second.
import { describe, expect, it } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCertificate } from '../../../src/keys/certificate.js';
import { MAX_PEM_INPUT, findPemBlock } from '../../../src/keys/pem.js';
import { loadPrivateKey } from '../../../src/keys/private-key.js';
import { makeKeyPair } from '../../../test-support/keys.mjs';
import { useTempDirs } from '../temp-dirs.js';

const tmp = useTempDirs('sfjwt-pem-');
/** The scan this module replaced, kept here as the reference for what is found. */
const OLD_PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/;
const names = { privateKey: 'private-key', privateKeyFile: 'private-key-file', privateKeyPassphrase: 'passphrase' };
const nameOf = (f: keyof typeof names) => names[f];
const keys = makeKeyPair();

/** Megabytes of BEGIN lines with no END: quadratic for the old regex. */
const bomb = (bytes: number, line = '-----BEGIN PRIVATE KEY-----\n') => line.repeat(Math.ceil(bytes / line.length));

describe('findPemBlock', () => {
  it.each([
    ['a key', keys.pkcs8],
    ['text around a block', `junk\n${keys.pkcs1}\ntrailing`],
    ['two blocks: the first', `${keys.pkcs1}${keys.pkcs8}`],
    ['a BEGIN without END before a whole block', `-----BEGIN OTHER-----\nxx\n${keys.pkcs8}`],
    ['an END of another label in between', '-----BEGIN A-----x-----END B-----y-----END A-----'],
    ['END before BEGIN', '-----END A----------BEGIN A-----body-----END A-----'],
    ['an empty body', '-----BEGIN A----------END A-----'],
    ['a label with a lower-case letter', '-----BEGIN a-----x-----END a-----'],
    ['no END', '-----BEGIN A-----body'],
    ['a BEGIN without dashes after its label', '-----BEGIN A\n-----END A-----'],
    ['nested labels', '-----BEGIN A B-----x-----END A-----y-----END A B-----'],
    ['nothing at all', 'plain text']
  ])('finds what the old regex found: %s', (_name, text) => {
    const old = OLD_PEM_BLOCK.exec(text);
    expect(findPemBlock(text)).toEqual(old ? { label: old[1], body: old[2] } : undefined);
  });

  it.each([
    ['BEGIN lines of one label', bomb(4 * 1024 * 1024)],
    ['BEGIN lines of ever new labels', Array.from({ length: 150_000 }, (_, i) => `-----BEGIN K${i}-----\n`).join('')],
    ['BEGIN lines with END lines of another label', bomb(4 * 1024 * 1024, '-----BEGIN A-----\n-----END B-----\n')],
    ['one endless label', `-----BEGIN ${'A'.repeat(4 * 1024 * 1024)}`]
  ])('scans megabytes of %s in linear time', (_name, text) => {
    expect(text.length).toBeGreaterThan(2 * 1024 * 1024);
    const started = performance.now();
    expect(findPemBlock(text)).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe(`inputs over ${MAX_PEM_INPUT} characters`, () => {
  it('a PEM bomb as the key text fails at once with the size, not after a scan', () => {
    const started = performance.now();
    expect(() => loadPrivateKey({ text: bomb(5 * 1024 * 1024) }, () => {}, nameOf)).toThrow(
      /^private-key is \d+ characters long; a key or certificate is at most a few kilobytes \(this input takes up to 65536\)/
    );
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('a PEM bomb as the key file fails before it is read', () => {
    const file = join(tmp(), 'server.key');
    writeFileSync(file, bomb(5 * 1024 * 1024));
    const started = performance.now();
    expect(() => loadPrivateKey({ file }, () => {}, nameOf)).toThrow(
      /^private-key-file: ".*server\.key" is \d+ bytes, more than the 65536 this input takes\. A private key file/
    );
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('a PEM bomb as the certificate fails at once', () => {
    const started = performance.now();
    expect(() => parseCertificate(bomb(5 * 1024 * 1024, '-----BEGIN CERTIFICATE-----\n'), 'certificate')).toThrow(
      /^certificate is \d+ characters long/
    );
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('just under the cap, a bomb is scanned and refused as no PEM block, still fast', () => {
    const started = performance.now();
    const text = bomb(MAX_PEM_INPUT - 100);
    expect(text.length).toBeLessThanOrEqual(MAX_PEM_INPUT);
    expect(() => loadPrivateKey({ text }, () => {}, nameOf)).toThrow(/not a complete PEM block/);
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('a real key, even 16384 bits as PEM, is far below the cap', () => {
    // 16384-bit RSA PKCS#8 PEM is about 12.5 kB; base64 of that about 17 kB.
    expect(Buffer.from(keys.pkcs8).toString('base64').length * (16384 / 2048)).toBeLessThan(MAX_PEM_INPUT);
  });
});
