// One stub for a whole test file, with jest's hooks registered for it: started before the file's tests, reset
// before each one, stopped after the last; and the action's inputs for its first user, so a test names only what
// it changes. Call at a test file's top level.
import { afterAll, beforeAll, beforeEach } from '@jest/globals';
import { startStub } from './salesforce-stub.mjs';

/**
 * @param {string} clientId @param {import('./salesforce-stub.mjs').StubUser[]} users
 * @param {Record<string, string>} [baseInputs] inputs every step of the file gives
 */
export function useStub(clientId, users, baseInputs = {}) {
  const suite = {
    /** @type {import('./keys.mjs').KeyPair} */ keys: /** @type {any} */ (undefined),
    /** @type {import('./salesforce-stub.mjs').SalesforceStub} */ stub: /** @type {any} */ (undefined),
    url: '',
    /** The inputs of a login of the first user at the stub, with `over` on top. @param {Record<string, string>} [over] */
    inputs: (over = {}) => ({
      'client-id': clientId,
      username: users[0].username,
      'private-key': suite.keys.pkcs8,
      'instance-url': suite.url,
      ...baseInputs,
      ...over
    })
  };
  beforeAll(async () => Object.assign(suite, await startStub(clientId, users)));
  afterAll(() => suite.stub?.stop());
  beforeEach(() => suite.stub?.reset());
  return suite;
}
