// The certificate input of the built dist/index.js, run as the GitHub runner runs it, against the local Salesforce
// stub (127.0.0.1 only): a matching certificate passes, a mismatch fails before any request, expiry warns (or fails
// when asked), and keys made with the OpenSSL commands of Salesforce's guide work.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SalesforceStub, makeUser } from '../../test-support/salesforce-stub.mjs';
import { guideKeys } from '../../test-support/openssl.mjs';
import { Job, visibleLog } from '../../test-support/runner.mjs';
import { buildCertificate, generateKeyMaterial, type KeyMaterial } from '../../src/keys/keygen.js';
import { DAY_MS } from '../../src/keys/certificate.js';

const CLIENT_ID = '3MVG9e2e.certificate';
const user = makeUser('ci@certificate.example.com');
let material: KeyMaterial;
let stub: SalesforceStub;
let url: string;

/** A certificate of the test key whose validity ends `daysLeft` days from now (negative: expired). */
function certificateEnding(daysLeft: number, key: KeyObject = material.privateKey): string {
  const end = new Date(Date.now() + daysLeft * DAY_MS);
  return buildCertificate(key, [{ type: 'CN', value: 'ci' }], new Date(end.getTime() - 365 * DAY_MS), end);
}
const iso = (pem: string) => new X509Certificate(pem).validToDate.toISOString().replace('.000Z', 'Z');
const warnings = (stdout: string) =>
  stdout.split('\n').filter((l) => l.startsWith('::warning::') && /certificate/i.test(l));

beforeAll(async () => {
  material = generateKeyMaterial({
    subject: [
      { type: 'O', value: 'Acme' },
      { type: 'CN', value: 'ci' }
    ]
  });
  stub = new SalesforceStub({
    publicKey: new X509Certificate(material.certificatePem).publicKey,
    clientId: CLIENT_ID,
    users: [user]
  });
  url = await stub.start();
});
afterAll(() => stub.stop());
beforeEach(() => {
  stub.script = [];
  stub.requests = [];
  stub.publicKey = new X509Certificate(material.certificatePem).publicKey;
});

const inputs = (over: Record<string, string> = {}) => ({
  'client-id': CLIENT_ID,
  username: user.username,
  'private-key': material.keyPem,
  'instance-url': url,
  'write-sf-state': 'false',
  'approval-timeout': '0',
  ...over
});

describe('certificate input of dist/index.js', () => {
  it('passes a matching certificate, says so, and sets certificate-expires-at', async () => {
    const step = await new Job().runStep(inputs({ certificate: material.certificatePem }));
    expect(step.code).toBe(0);
    expect(step.outputs['certificate-expires-at']).toBe(iso(material.certificatePem));
    expect(step.outputs['certificate-expires-at']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(step.stdout).toMatch(
      /The certificate \(O=Acme, CN=ci, SHA-1 [0-9A-F:]{59}\) matches the private key; it expires on \S+ \(in 364 days\)\./
    );
    expect(warnings(step.stdout)).toEqual([]);
    expect(step.summary).toContain('Certificate expires');
    expect(stub.tokenRequests()).toHaveLength(1);
  });

  it('takes the certificate as base64 and with mangled newlines', async () => {
    for (const certificate of [
      Buffer.from(material.certificatePem).toString('base64'),
      material.certificatePem.trim().replace(/\n/g, '\\n')
    ]) {
      const step = await new Job().runStep(inputs({ certificate }));
      expect(step.code).toBe(0);
      expect(step.outputs['certificate-expires-at']).toBe(iso(material.certificatePem));
    }
  });

  it('sets certificate-expires-at empty without a certificate', async () => {
    const step = await new Job().runStep(inputs());
    expect(step.code).toBe(0);
    expect(step.outputs).toHaveProperty('certificate-expires-at', '');
  });

  it('fails at once on a certificate of another key, with a clear message and no request to Salesforce', async () => {
    const other = generateKeyMaterial({ bits: 3072 });
    const step = await new Job().runStep(inputs({ certificate: other.certificatePem }));
    expect(step.code).toBe(1);
    expect(stub.requests).toHaveLength(0);
    const errors = step.stdout.split('\n').filter((l) => l.startsWith('::error::'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /^::error::sf-jwt-login: The certificate \(CN=sf-jwt-login, SHA-1 [0-9A-F:]+\) does not belong to the private key \(the certificate holds a 3072-bit key, the private key has 2048 bits\), so Salesforce would reject the login with "invalid assertion"/
    );
    expect(step.outputs['access-token']).toBeUndefined();
    expect(`${step.stdout}${step.stderr}`).not.toMatch(/\n\s+at .*:\d+:\d+/);
  });

  it('warns when the certificate expires within certificate-expiry-warning-days (default 30), and logs in', async () => {
    const soon = certificateEnding(10.5);
    const step = await new Job().runStep(inputs({ certificate: soon }));
    expect(step.code).toBe(0);
    expect(warnings(step.stdout)).toHaveLength(1);
    expect(warnings(step.stdout)[0]).toMatch(
      /^::warning::sf-jwt-login: The certificate \(CN=ci\) expires on \S+ \(in 10 days; certificate-expiry-warning-days is 30\)\. Make a new key and certificate/
    );
    expect(step.outputs['certificate-expires-at']).toBe(iso(soon));
    expect(stub.tokenRequests()).toHaveLength(1);

    const relaxed = await new Job().runStep(inputs({ certificate: soon, 'certificate-expiry-warning-days': '7' }));
    expect(relaxed.code).toBe(0);
    expect(warnings(relaxed.stdout)).toEqual([]);
    const stricter = await new Job().runStep(
      inputs({ certificate: certificateEnding(45), 'certificate-expiry-warning-days': '60' })
    );
    expect(warnings(stricter.stdout)).toHaveLength(1);
  });

  it('only warns about an expired certificate (Salesforce does not enforce it), and logs in', async () => {
    const expired = certificateEnding(-3.5);
    const step = await new Job().runStep(inputs({ certificate: expired }));
    expect(step.code).toBe(0);
    expect(warnings(step.stdout)).toHaveLength(1);
    expect(warnings(step.stdout)[0]).toMatch(
      /^::warning::sf-jwt-login: The certificate \(CN=ci\) expired on \S+ \(3 days ago\)\. Salesforce does not check its expiry for the JWT bearer flow, so the login goes on; set fail-on-expired-certificate to true/
    );
    expect(step.outputs['certificate-expires-at']).toBe(iso(expired));
    expect(step.outputs['access-token']).toMatch(/^00D/);
  });

  it('fails on an expired certificate with fail-on-expired-certificate, before any request', async () => {
    const step = await new Job().runStep(
      inputs({ certificate: certificateEnding(-3.5), 'fail-on-expired-certificate': 'true' })
    );
    expect(step.code).toBe(1);
    expect(step.stdout).toMatch(
      /::error::sf-jwt-login: The certificate \(CN=ci\) expired on \S+ \(3 days ago\) and fail-on-expired-certificate is true\./
    );
    expect(stub.requests).toHaveLength(0);
    // Not expired: the option changes nothing.
    const fine = await new Job().runStep(
      inputs({ certificate: material.certificatePem, 'fail-on-expired-certificate': 'true' })
    );
    expect(fine.code).toBe(0);
  });

  // Every row has two cells, as the callback has two parameters.
  it.each([
    [{ certificate: 'not a certificate' }, /::error::sf-jwt-login: certificate is neither a PEM certificate/],
    [{ certificate: 'server.crt' }, /::error::sf-jwt-login: certificate looks like a file name/],
    [
      { 'certificate-expiry-warning-days': 'a month' },
      /::error::sf-jwt-login: certificate-expiry-warning-days must be a whole number of days from 0 to 3650/
    ],
    [
      { 'fail-on-expired-certificate': 'yes' },
      /::error::sf-jwt-login: fail-on-expired-certificate must be true or false/
    ]
  ])('fails with one clear line on %j', async (over, message) => {
    const step = await new Job().runStep(inputs({ certificate: material.certificatePem, ...over }));
    expect(step.code).toBe(1);
    expect(step.stdout.match(/::error::/g)).toHaveLength(1);
    expect(step.stdout).toMatch(message);
    expect(stub.requests).toHaveLength(0);
  });

  it('says so when the private key was passed as the certificate, without printing it', async () => {
    const step = await new Job().runStep(inputs({ certificate: material.keyPem }));
    expect(step.code).toBe(1);
    expect(step.stdout).toMatch(/::error::sf-jwt-login: certificate holds a private key, not a certificate/);
    const body = material.keyPem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
    expect(visibleLog(step)).not.toContain(body.slice(100, 140));
  });
});

describe("keys made with the OpenSSL commands of Salesforce's guide", () => {
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sfjwt-guide-'));
    await guideKeys(dir);
  });
  beforeEach(() => {
    stub.publicKey = new X509Certificate(readFileSync(join(dir, 'server.crt'))).publicKey;
  });

  it('logs in with server.key and server.crt', async () => {
    const crt = readFileSync(join(dir, 'server.crt'), 'utf8');
    const step = await new Job().runStep(
      inputs({ 'private-key': readFileSync(join(dir, 'server.key'), 'utf8'), certificate: crt })
    );
    expect(step.code).toBe(0);
    expect(step.stdout).toMatch(
      /The certificate \(C=US, ST=California, L=San Francisco, O=Acme, OU=CI, CN=ci\.acme\.example, emailAddress=ci@acme\.example, SHA-1 [0-9A-F:]+\) matches the private key/
    );
    expect(step.outputs['certificate-expires-at']).toBe(iso(crt));
    expect(warnings(step.stdout)).toEqual([]);
  });

  it('logs in with server.pass.key and its passphrase, the key file by path and the certificate as base64', async () => {
    const job = new Job();
    const step = await job.runStep(
      inputs({
        'private-key': '',
        'private-key-file': join(dir, 'server.pass.key'),
        'private-key-passphrase': 'SomePassword',
        certificate: readFileSync(join(dir, 'server.crt')).toString('base64')
      })
    );
    expect(step.code).toBe(0);
    expect(step.outputs['org-id']).toBe(user.orgId);
  });

  it("fails the guide's certificate against another key before calling Salesforce", async () => {
    const other = createPrivateKey(material.keyPem);
    const step = await new Job().runStep(
      inputs({
        'private-key': other.export({ type: 'pkcs1', format: 'pem' }).toString(),
        certificate: readFileSync(join(dir, 'server.crt'), 'utf8')
      })
    );
    expect(step.code).toBe(1);
    expect(step.stdout).toMatch(
      /::error::sf-jwt-login: The certificate \(C=US, .*\) does not belong to the private key/
    );
    expect(stub.requests).toHaveLength(0);
  });
});
