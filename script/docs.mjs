// Rewrites the README's input and output tables from action.yml.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readAction, syncReadme } from '../test-support/action-docs.mjs';
import { repoRoot } from '../test-support/runner.mjs';

const file = join(repoRoot, 'README.md');
writeFileSync(file, syncReadme(readFileSync(file, 'utf8'), readAction()));
console.log('README.md tables updated from action.yml');
