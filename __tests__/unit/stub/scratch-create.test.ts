// The stub's Dev Hub signs scratch orgs up as `sf org create scratch` asks (test-support/stub-scratch-create.mjs):
// POST sobjects/ScratchOrgInfo, the record polled by id until Active, a JWT login at its LoginUrl; and the errors.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { KeyPair } from '../../../test-support/keys.mjs';
import { type SalesforceStub, makeUser, startStub } from '../../../test-support/salesforce-stub.mjs';
import { LOGIN, TEST, stubClient } from '../../../test-support/stub-client.mjs';

const CLIENT_ID = '3MVG9stub.create';
const hub = makeUser('ci@hub.create.example.com', { isDevHub: true });
const plain = makeUser('ci@plain.create.example.com');
const PATH = '/services/data/v66.0/sobjects/ScratchOrgInfo';
// What sf 2.150.6 posts for the definition {"edition": "Developer"} (plugin-org's create scratch, @salesforce/core).
const SF_BODY = {
  Edition: 'Developer',
  DurationDays: 1,
  OrgName: 'Company',
  ConnectedAppCallbackUrl: 'http://localhost:1717/OauthRedirect',
  ConnectedAppConsumerKey: CLIENT_ID,
  Package2AncestorIds: ''
};
let keys: KeyPair, stub: SalesforceStub, url: string, hubToken: string;
const { login, tokenFor, call } = stubClient(() => keys, CLIENT_ID);

beforeAll(async () => {
  ({ keys, stub, url } = await startStub(CLIENT_ID, [hub, plain]));
  hubToken = await tokenFor(url, hub.username);
});
afterAll(() => stub.stop());
beforeEach(() => stub.reset());

describe('POST sobjects/ScratchOrgInfo on a Dev Hub', () => {
  it('signs an org up: {id, success}, the record polled by id turns Active, its user logs in at LoginUrl', async () => {
    stub.signupOptions = { creatingQueries: 1 };
    const created = await call(url, hubToken, PATH, 'POST', SF_BODY);
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.stringMatching(/^2SR\w{15}$/), success: true, errors: [] });
    expect(stub.signups).toHaveLength(1);
    const [signup] = stub.signups;
    expect(signup).toMatchObject({ id: created.body.id, body: SF_BODY });
    expect(signup.username).toMatch(/^test-[0-9a-f]{12}@example\.com$/);

    const creating = await call(url, hubToken, `${PATH}/${created.body.id}`);
    expect(creating.body).toMatchObject({ Status: 'Creating', LoginUrl: null, ScratchOrg: null });
    const active = (await call(url, hubToken, `${PATH}/${created.body.id}`)).body;
    // The posted fields read back as sent (Package2AncestorIds is create-only here, as the stub's schema has it not).
    const { Package2AncestorIds: _ancestors, ...readBack } = SF_BODY;
    const orgId = signup.org?.users.get(signup.username)?.orgId;
    expect(active).toMatchObject({
      Id: created.body.id,
      Status: 'Active',
      SignupUsername: signup.username,
      LoginUrl: signup.org?.url,
      ScratchOrg: orgId?.slice(0, 15),
      CreatedBy: { Username: hub.username },
      ...readBack
    });
    // The org has its own host (on the hub's address), where its user logs in with audience test.salesforce.com only.
    expect(new URL(active.LoginUrl).hostname).toBe(new URL(url).hostname);
    expect(active.LoginUrl).not.toBe(url);
    expect((await login(active.LoginUrl, signup.username, LOGIN)).body.error_description).toMatch(/audience/);
    const token = await tokenFor(active.LoginUrl, signup.username, TEST);
    expect(signup.org?.tokens.get(token)).toMatchObject({ username: signup.username, isScratch: true });
    expect(stub.requests.find((r) => r.method === 'POST' && r.path === PATH)).toMatchObject({
      status: 201,
      outcome: 'signup'
    });
  });

  it('takes the posted Username (lower case) and lets signupOptions script the final Status', async () => {
    stub.signupOptions = { info: { Status: 'Error', ErrorCode: 'C-1033' } };
    const created = await call(url, hubToken, PATH, 'POST', { ...SF_BODY, Username: 'Me@Scratch.Example.com' });
    expect(stub.signups[0].username).toBe('me@scratch.example.com');
    const record = (await call(url, hubToken, `${PATH}/${created.body.id}`)).body;
    expect(record).toMatchObject({ SignupUsername: 'me@scratch.example.com', Status: 'Error', ErrorCode: 'C-1033' });
    const again = await call(url, hubToken, PATH, 'POST', { ...SF_BODY, Username: 'me@scratch.example.com' });
    expect(again).toEqual({
      status: 400,
      body: [expect.objectContaining({ errorCode: 'DUPLICATE_USERNAME', fields: ['Username'] })]
    });
  });

  it('refuses as Salesforce does: no Edition, an unknown field, no JSON, a user who is no Dev Hub', async () => {
    const { Edition: _edition, ...noEdition } = SF_BODY;
    expect(await call(url, hubToken, PATH, 'POST', noEdition)).toEqual({
      status: 400,
      body: [
        { errorCode: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing: [Edition]', fields: ['Edition'] }
      ]
    });
    expect((await call(url, hubToken, PATH, 'POST', { ...SF_BODY, Bogus: 1 })).body).toEqual([
      expect.objectContaining({ errorCode: 'INVALID_FIELD', fields: ['Bogus'] })
    ]);
    expect((await call(url, hubToken, PATH, 'POST', '[1')).body[0].errorCode).toBe('JSON_PARSER_ERROR');
    const refused = await call(url, await tokenFor(url, plain.username), PATH, 'POST', SF_BODY);
    expect(refused).toMatchObject({ status: 400, body: [{ errorCode: 'INVALID_TYPE' }] });
    expect(stub.signups).toEqual([]);
  });
});
