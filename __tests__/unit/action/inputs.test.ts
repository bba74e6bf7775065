import { describe, expect, it } from '@jest/globals';
import { readInputs } from '../../../src/action/inputs.js';
import { validateUsername } from '../../../src/login/validate.js';

const base: Record<string, string> = { 'client-id': '3MVG9abc', username: 'ci@example.com' };
const inputs = (over: Record<string, string>) => readInputs((n) => ({ ...base, ...over })[n] ?? '');

describe('inputs', () => {
  it('applies defaults', () => {
    const i = inputs({});
    expect(i.approvalTimeoutSeconds).toBe(300);
    expect(i.requestTimeoutSeconds).toBe(30);
  });
  it.each([
    [{ 'client-id': '' }, /client-id is empty/],
    [{ 'client-id': '   ' }, /client-id is empty/],
    [{ 'client-id': '3MVG9 abc' }, /not a consumer key/],
    [{ username: '' }, /username is empty/],
    [{ username: 'a/b@example.com' }, /contains "\/"/],
    [{ username: '../../etc/passwd' }, /contains "\/"/],
    [{ username: 'ci@example..com' }, /"\.\."/],
    [{ username: 'ci@exa\0mple.com' }, /control character/],
    [{ username: 'ci@example.com\nother@example.com' }, /control character/],
    [{ username: 'not-a-username' }, /not a Salesforce username/],
    [{ username: '.hidden@example.com' }, /not a Salesforce username/],
    [{ 'approval-timeout': 'ten' }, /approval-timeout must be a whole number/],
    [{ 'approval-timeout': '-5' }, /approval-timeout must be a whole number/],
    [{ 'approval-timeout': '1.5' }, /approval-timeout must be a whole number/],
    [{ 'request-timeout': '0' }, /request-timeout must be a whole number of seconds from 1/]
  ])('rejects %j', (over, message) => {
    expect(() => inputs(over)).toThrow(message);
  });
  it('accepts sandbox and scratch usernames', () => {
    expect(validateUsername(' admin@acme.com.uat ', 'username')).toBe('admin@acme.com.uat');
    expect(validateUsername('test-abc123@example.com', 'username')).toBe('test-abc123@example.com');
  });
});
