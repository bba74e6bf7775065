import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nameInput } from '../../../src/action/inputs.js';
import { certificateMatchesKey } from '../../../src/keys/certificate.js';
import { FILE_NAMES, keyBase64, writeKeyMaterial } from '../../../src/keys/key-files.js';
import { generateKeyMaterial, type KeyMaterial } from '../../../src/keys/keygen.js';
import { loadPrivateKey } from '../../../src/keys/private-key.js';

const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);
const made: string[] = [];
const fresh = () => {
  const dir = mkdtempSync(join(tmpdir(), 'sfjwt-keygen-'));
  made.push(dir);
  return dir;
};
let material: KeyMaterial;

beforeAll(() => {
  material = generateKeyMaterial({ csr: true, passphrase: 'correct horse' });
});
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

describe('writeKeyMaterial', () => {
  it("writes the guide's file names: keys 0600, certificate and request 0644, creating the folder", async () => {
    const dir = join(fresh(), 'nested', 'out');
    const { files, stale } = await writeKeyMaterial(dir, material, false);
    expect(files).toEqual({
      key: join(dir, 'server.key'),
      certificate: join(dir, 'server.crt'),
      csr: join(dir, 'server.csr'),
      encryptedKey: join(dir, 'server.pass.key')
    });
    expect(stale).toEqual([]);
    expect(readFileSync(files.key as string, 'utf8')).toBe(material.keyPem);
    expect(readFileSync(files.certificate as string, 'utf8')).toBe(material.certificatePem);
    expect(mode(files.key as string)).toBe('600');
    expect(mode(files.encryptedKey as string)).toBe('600');
    expect(mode(files.certificate as string)).toBe('644');
    expect(mode(files.csr as string)).toBe('644');
  });

  it('never overwrites an existing key or certificate without force, and writes nothing then', async () => {
    const dir = fresh();
    writeFileSync(join(dir, FILE_NAMES.key), 'precious');
    const other = generateKeyMaterial({});
    await expect(writeKeyMaterial(dir, other, false)).rejects.toThrow(
      /server\.key already exists; keygen never overwrites a key or certificate\. Pass --force/
    );
    expect(readFileSync(join(dir, FILE_NAMES.key), 'utf8')).toBe('precious');
    expect(existsSync(join(dir, FILE_NAMES.certificate))).toBe(false);

    const dir2 = fresh();
    writeFileSync(join(dir2, FILE_NAMES.certificate), 'old certificate');
    await expect(writeKeyMaterial(dir2, other, false)).rejects.toThrow(/server\.crt already exists/);
    expect(existsSync(join(dir2, FILE_NAMES.key))).toBe(false);
  });

  it('replaces files with force, keeping exact modes, and reports files of the old key it left', async () => {
    const dir = fresh();
    await writeKeyMaterial(dir, material, false);
    const replacement = generateKeyMaterial({});
    const { files, stale } = await writeKeyMaterial(dir, replacement, true);
    expect(readFileSync(files.key as string, 'utf8')).toBe(replacement.keyPem);
    expect(mode(files.key as string)).toBe('600');
    expect(stale.sort()).toEqual([join(dir, 'server.csr'), join(dir, 'server.pass.key')]);
    const cert = new X509Certificate(readFileSync(files.certificate as string));
    expect(certificateMatchesKey(cert, replacement.privateKey)).toBe(true);
    // Replaced through temp files renamed into place: none is left behind.
    expect(readdirSync(dir).sort()).toEqual(['server.crt', 'server.csr', 'server.key', 'server.pass.key']);
  });

  it("gives the key as one base64 line that the action's private-key input takes", () => {
    const b64 = keyBase64(material.keyPem);
    expect(b64).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(loadPrivateKey({ text: b64 }, () => {}, nameInput).pkcs8Pem).toBe(material.keyPem);
  });
});
