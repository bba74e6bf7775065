// A value in a SOQL string literal cannot change the query: whatever it holds, the query parsed as Salesforce parses
// it (the stub's parser, test-support/soql.mjs, which takes SOQL's escapes and refuses any other) has one condition
// whose value is exactly that text.
import { describe, expect, it } from '@jest/globals';
import { soqlString } from '../../../src/sf/soql.js';
import { scratchOrgInfoQuery } from '../../../src/login/scratch-org.js';
import { parseSoql } from '../../../test-support/soql.mjs';

const HOSTILE = [
  "o'brien@example.com",
  "x' OR SignupUsername != '",
  "'OR(Status='Active')OR(SignupUsername='x@example.com",
  'back\\slash@example.com',
  'trailing\\',
  "\\' OR Name != '",
  "\\\\' OR Name != '\\\\",
  "'; DELETE FROM ScratchOrgInfo; '",
  'tab\tnew\nline\rcr\bbs\fff@example.com',
  "%_' LIKE '%"
];

describe('soqlString', () => {
  it('escapes a backslash and a quote with a backslash', () => {
    expect(soqlString("o'brien")).toBe("'o\\'brien'");
    expect(soqlString('a\\b')).toBe("'a\\\\b'");
    expect(soqlString('plain@example.com')).toBe("'plain@example.com'");
  });

  it.each(HOSTILE.map((v) => [v]))('%j stays one literal: the query keeps its shape and the exact value', (value) => {
    const query = parseSoql(scratchOrgInfoQuery(value));
    expect(query.where).toEqual({
      op: '=',
      field: 'SignupUsername',
      values: [expect.objectContaining({ literal: value })]
    });
    expect(query).toMatchObject({
      object: 'ScratchOrgInfo',
      orderBy: [{ field: 'CreatedDate', desc: true }],
      limit: 1
    });
  });

  it('the naive quoting this replaces would let the same values change the query', () => {
    const naive = (v: string) => `SELECT Id FROM ScratchOrgInfo WHERE SignupUsername = '${v}'`;
    const changed = HOSTILE.slice(1, 3).map((v) => {
      try {
        return (
          JSON.stringify(parseSoql(naive(v)).where) !==
          JSON.stringify({ op: '=', field: 'SignupUsername', values: [{ literal: v }] })
        );
      } catch {
        return true;
      }
    });
    expect(changed).toEqual([true, true]);
  });

  it('refuses a control character SOQL has no escape for', () => {
    expect(() => soqlString('a\u0000b')).toThrow(RangeError);
    expect(() => soqlString('a\u001bb')).toThrow(RangeError);
  });
});
