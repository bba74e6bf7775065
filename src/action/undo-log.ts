/** How the main and post steps log an undo (login/undo.ts): what was done, what was left and why, one line each. */
import * as core from './workflow-commands.js';
import * as annotate from './annotations.js';
import type { UndoReport } from '../login/undo.js';

export function logUndo(prefix: string, report: UndoReport): void {
  for (const line of report.done) core.info(`${prefix}: ${line}.`);
  for (const line of report.skipped) core.info(`${prefix}: ${line}.`);
  for (const line of report.failed) annotate.warning(`${prefix}: ${line}.`);
}
