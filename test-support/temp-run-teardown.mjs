// Jest's globalTeardown: removes the run's temp folder that temp-run.mjs made (after every run, pass or fail).
import { leaveRunDir } from './temp-run.mjs';

export default leaveRunDir;
