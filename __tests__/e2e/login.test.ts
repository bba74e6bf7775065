// The built dist/index.js, run as the GitHub runner runs it, against the local Salesforce stub.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { KeyPair } from '../../test-support/keys.mjs';
import { type SalesforceStub, makeUser, startStub } from '../../test-support/salesforce-stub.mjs';
import { Job, maskedValues, visibleLog } from '../../test-support/runner.mjs';
import { summaryText } from '../../test-support/summary-text.mjs';

const CLIENT_ID = '3MVG9e2e.login';
let keys: KeyPair, stub: SalesforceStub, url: string;
const user = makeUser('ci@e2e.example.com');

beforeAll(async () => ({ keys, stub, url } = await startStub(CLIENT_ID, [user])));
afterAll(() => stub.stop());
beforeEach(() => stub.reset());

const inputs = (over: Record<string, string> = {}) => ({
  'client-id': CLIENT_ID,
  username: user.username,
  'private-key': keys.pkcs8,
  'instance-url': url,
  'write-sf-state': 'false',
  ...over
});

describe('dist/index.js as a runner runs it', () => {
  it('logs in, sets every output, and masks the token before setting it', async () => {
    const step = await new Job().runStep(inputs());
    expect(step.code).toBe(0);
    const token = step.outputs['access-token'];
    expect(token).toMatch(/^00D\w{12}!/);
    expect(step.outputs).toMatchObject({
      'instance-url': url,
      'org-id': user.orgId,
      'user-id': user.userId,
      username: user.username,
      'login-url': url
    });
    expect(maskedValues(step.stdout)).toContain(token);
    expect(step.stdout.indexOf(`::add-mask::${token}`)).toBeGreaterThanOrEqual(0);
    const log = visibleLog(step);
    expect(log).not.toContain(token);
    expect(log).not.toContain(keys.body.slice(100, 140));
    expect(step.summary).toContain(user.orgId);
    expect(step.summary).not.toContain(token);
    expect(stub.tokenRequests()).toHaveLength(1);
  });

  it('waits out "user hasn\'t approved this consumer" and succeeds', async () => {
    stub.script.push('not-approved', 'not-approved');
    const step = await new Job().runStep(inputs());
    expect(step.code).toBe(0);
    expect(stub.tokenRequests()).toHaveLength(3);
    expect(
      step.stdout.match(/hasn't approved this consumer.*retrying for up to 300 s \(approval-timeout\)/g)
    ).toHaveLength(1);
    expect(
      step.stdout.match(/^Attempt \d: not approved yet; retrying in [\d.]+ s \(waited [\d.]+ of 300 s\)\.$/gm)
    ).toHaveLength(2);
  });

  it('fails with a clear message once approval-timeout runs out, within its bound', async () => {
    stub.notApprovedUntil = Date.now() + 60_000;
    const step = await new Job().runStep(inputs({ 'approval-timeout': '3' }));
    expect(step.code).toBe(1);
    expect(step.elapsedMs).toBeLessThan(3_000 + 2_500);
    expect(step.stdout).toMatch(
      /::error::sf-jwt-login: Salesforce rejected the login .*user hasn't approved this consumer.*kept retrying for 3 s/
    );
    // The job summary says so too: what failed and how many token requests were sent.
    const summary = summaryText(step.summary);
    expect(summary).toMatch(/^### Salesforce login failed$/m);
    expect(summary).toMatch(/What failed +Salesforce rejected the login .*hasn't approved this consumer/);
    expect(summary).toContain(`Token requests  ${stub.tokenRequests().length} token requests`);
  });

  it('writes the failure summary for a failure before any token request, without a request count', async () => {
    const step = await new Job().runStep(inputs({ 'client-id': '' }));
    expect(step.code).toBe(1);
    const summary = summaryText(step.summary);
    expect(summary).toMatch(/^### Salesforce login failed$/m);
    expect(summary).toMatch(/What failed +client-id is empty/);
    expect(summary).not.toContain('Token requests');
    expect(stub.tokenRequests()).toHaveLength(0);
  });

  it('on success, the summary names the alias, the defaults set and the sf CLI', async () => {
    const step = await new Job().runStep(
      inputs({
        'write-sf-state': 'true',
        alias: 'ci',
        'set-default': 'true',
        'set-default-dev-hub': 'true',
        verify: 'false'
      })
    );
    expect(step.code).toBe(0);
    const summary = summaryText(step.summary);
    expect(summary).toMatch(/^Alias +ci$/m);
    expect(summary).toMatch(/^Defaults set +target-org, target-dev-hub$/m);
    expect(summary).toMatch(/^sf CLI +not installed by this step \(sf-cli-version not set\)$/m);
  });

  it('accepts an encrypted key stored as base64 with its passphrase, masking the derived forms', async () => {
    const encrypted = keys.encryptedPkcs8('correct horse');
    const b64 = Buffer.from(encrypted).toString('base64');
    const step = await new Job().runStep(inputs({ 'private-key': b64, 'private-key-passphrase': 'correct horse' }));
    expect(step.code).toBe(0);
    const masks = maskedValues(step.stdout);
    expect(masks).toContain(b64);
    expect(masks).toContain('correct horse');
    expect(masks.some((m) => m.includes('BEGIN ENCRYPTED PRIVATE KEY'))).toBe(true);
    expect(masks.some((m) => m.includes('BEGIN PRIVATE KEY'))).toBe(true);
    expect(visibleLog(step)).not.toContain('correct horse');
  });

  it.each([
    [{ 'private-key': 'not a key' }, /::error::sf-jwt-login: The private key is neither PEM/],
    [{ 'client-id': 'wrong' }, /::error::sf-jwt-login: Salesforce rejected .*invalid_client_id.*consumer key "wrong"/],
    [{ 'instance-url': 'https://acme.lightning.force.com' }, /::error::sf-jwt-login: instance-url is a Lightning URL/],
    [
      { username: 'someone@else.example.com' },
      /::error::sf-jwt-login: Salesforce rejected the login of someone@else.example.com/
    ]
  ])('fails with one clear line and no stack trace: %j', async (over, message) => {
    const step = await new Job().runStep(inputs({ ...over, 'approval-timeout': '0' }));
    expect(step.code).toBe(1);
    expect(step.stdout).toMatch(message);
    expect(step.stdout.match(/::error::/g)).toHaveLength(1);
    expect(`${step.stdout}${step.stderr}`).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/);
  });
});
