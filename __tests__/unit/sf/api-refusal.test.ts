// Which REST answers to a new token mean "sf would loop on refreshes" (src/sf/api-refusal.ts), and what they say.
import { describe, expect, it } from '@jest/globals';
import { apiRefusalOf, describeApiRefusal } from '../../../src/sf/api-refusal.js';

const body = (errorCode: string, message: string) => JSON.stringify([{ message, errorCode }]);
const ctx = { username: 'ci@acme.com', clientId: '3MVG9abc', instanceUrl: 'https://acme.my.salesforce.com' };

describe('apiRefusalOf', () => {
  it.each([
    [401, body('INVALID_SESSION_ID', 'This session is not valid for use with the REST API'), 'api-access-control'],
    [401, body('INVALID_SESSION_ID', 'Session expired or invalid'), 'invalid-session'],
    [401, '<html>Unauthorized</html>', 'invalid-session'],
    [403, body('API_DISABLED_FOR_ORG', 'The REST API is not enabled for this Organization.'), 'api-disabled']
  ])('HTTP %i %s: %s', (status, text, kind) => {
    expect(apiRefusalOf(status, text)?.kind).toBe(kind);
  });

  it.each([
    [200, '{"totalSize":1}'],
    [400, body('INVALID_TYPE', "sObject type 'ScratchOrgInfo' is not supported.")],
    [403, body('REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.')],
    [404, body('NOT_FOUND', 'The requested resource does not exist')],
    [500, body('UNKNOWN_EXCEPTION', 'boom')]
  ])('HTTP %i %s is no refusal (a warning, as before)', (status, text) => {
    expect(apiRefusalOf(status, text)).toBeUndefined();
  });

  it("quotes Salesforce's words without control characters, and short", () => {
    const said = apiRefusalOf(401, body('INVALID_SESSION_ID', `bad\u001b[2J${'x'.repeat(500)}`))?.said ?? '';
    expect(said).toMatch(/^INVALID_SESSION_ID: bad\?\[2Jx+$/);
    expect(said.length).toBeLessThan(240);
  });
});

describe('describeApiRefusal', () => {
  it('API Access Control: names the setting and the app, and why the login stops', () => {
    const m = describeApiRefusal('api-access-control', 'INVALID_SESSION_ID: x', ctx);
    expect(m).toMatch(/^Salesforce issued ci@acme\.com a token, but https:\/\/acme\.my\.salesforce\.com refuses/);
    expect(m).toMatch(/Setup → API Access Control, approve the app/);
    expect(m).toMatch(/consumer key 3MVG9abc/);
    expect(m).toMatch(/3,600 per user and hour/);
  });
  it('INVALID_SESSION_ID otherwise: the JWT-based access token setting first, then API Access Control', () => {
    const m = describeApiRefusal('invalid-session', 'INVALID_SESSION_ID: Session expired or invalid', ctx);
    expect(m).toMatch(
      /turn off "Issue JSON Web Token \(JWT\)-based access tokens for named users".*API Access Control/
    );
  });
  it('API_DISABLED_FOR_ORG: the "API Enabled" permission', () => {
    expect(describeApiRefusal('api-disabled', 'API_DISABLED_FOR_ORG: x', ctx)).toMatch(/"API Enabled" permission/);
  });
});
