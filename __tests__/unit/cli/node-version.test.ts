// The command line's Node.js floor: which versions it refuses, and the one line it prints.
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { nodeVersionProblem } from '../../../src/cli/node-version.js';

describe('nodeVersionProblem', () => {
  it.each(['22.0.0', '22.23.5', '24.22.3', '26.1.0', '100.0.0'])('accepts Node %s', (version) => {
    expect(nodeVersionProblem(version)).toBeUndefined();
  });

  it.each(['21.7.3', '20.20.2', '18.20.8', '16.0.0', '8.9.4'])('refuses Node %s in one line', (version) => {
    const problem = nodeVersionProblem(version);
    expect(problem).toBe(
      `error: sf-jwt-login needs Node.js 22 or later, and this is Node.js ${version}; ` +
        'install Node.js 22 LTS or newer (https://nodejs.org) and run it again.'
    );
    expect(problem).not.toContain('\n');
  });

  it('is the first import of the command line, so it runs before any other module', () => {
    const entry = readFileSync(new URL('../../../src/cli/index.ts', import.meta.url), 'utf8');
    const imports = entry.match(/^import .*$/gm) ?? [];
    expect(imports[0]).toBe("import './node-version.js';");
  });
});
