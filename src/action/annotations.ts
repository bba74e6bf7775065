/**
 * The action's annotations, the ::error:: and ::warning:: lines a run's summary page lists: each starts with the
 * action's name, so in a job of many steps the page shows which step failed or warned. This sits above the protocol
 * of workflow-commands.ts (which writes exactly what @actions/core writes); the main and post steps report problems
 * only through here (a test holds src/action to that).
 */
import * as core from './workflow-commands.js';

/** action.yml's `name:` (a test holds it there) and a separator. */
export const ANNOTATION_PREFIX = 'sf-jwt-login: ';

/** A warning annotation: the step goes on. */
export function warning(message: string): void {
  core.warning(ANNOTATION_PREFIX + message);
}

/** The step's error annotation; the step fails when the process exits. */
export function setFailed(message: string): void {
  core.setFailed(ANNOTATION_PREFIX + message);
}
