// Runs the built action the way the GitHub runner does: a fresh process, INPUT_* variables, the GITHUB_OUTPUT /
// GITHUB_ENV / GITHUB_STATE / GITHUB_PATH / GITHUB_STEP_SUMMARY files, RUNNER_TEMP and a temporary HOME.
// Used by the end-to-end tests, the demo and the benchmark. Under jest every Job lives in the run's temp folder
// (test-support/temp-run.mjs), which the run removes; elsewhere its owner calls remove().
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const distMain = join(repoRoot, 'dist', 'index.js');
export const distPost = join(repoRoot, 'dist', 'post.js');

/**
 * A runner's job: one HOME and RUNNER_TEMP shared by every step; each step gets fresh command files.
 */
export class Job {
  constructor(root = mkdtempSync(join(tmpdir(), 'sfjwt-job-'))) {
    this.root = root;
    this.home = join(root, 'home');
    this.runnerTemp = join(root, 'runner_temp');
    this.workspace = join(root, 'workspace');
    for (const dir of [this.home, this.runnerTemp, this.workspace]) mkdirSync(dir, { recursive: true });
    this.stepCount = 0;
    /** Variables exported by earlier steps through GITHUB_ENV, as the runner passes them on. */
    /** @type {Record<string, string>} */
    this.exportedEnv = {};
  }

  /**
   * Runs `script` (dist/index.js by default) with `inputs` as a step would.
   * @param {Record<string, string>} inputs
   * `wrap` is a command line the step runs under (e.g. setpriv, unshare): `[...wrap, node, script]`.
   * `kill` sends `signal` to the step's process `afterMs` after it started, or after `when()` first returns true
   * (polled every millisecond; the kill test).
   * @param {{script?: string, env?: Record<string, string>, state?: Record<string, string>, timeoutMs?: number,
   *   wrap?: string[], kill?: {afterMs: number, signal: NodeJS.Signals, when?: () => boolean}}} [options]
   */
  async runStep(inputs, options = {}) {
    const n = ++this.stepCount;
    /** @type {{output: string, env: string, state: string, path: string, summary: string}} */
    const files = /** @type {any} */ ({});
    for (const name of /** @type {const} */ (['output', 'env', 'state', 'path', 'summary'])) {
      files[name] = join(this.root, `step${n}-${name}`);
      writeFileSync(files[name], '');
    }
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: this.home,
      USERPROFILE: this.home,
      RUNNER_TEMP: this.runnerTemp,
      RUNNER_OS: 'Linux',
      GITHUB_WORKSPACE: this.workspace,
      GITHUB_ACTIONS: 'true',
      CI: 'true',
      GITHUB_OUTPUT: files.output,
      GITHUB_ENV: files.env,
      GITHUB_STATE: files.state,
      GITHUB_PATH: files.path,
      GITHUB_STEP_SUMMARY: files.summary,
      ...this.exportedEnv,
      ...options.env
    };
    for (const [name, value] of Object.entries(options.state ?? {})) env[`STATE_${name}`] = value;
    for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
    const started = Date.now();
    const [command, ...args] = [...(options.wrap ?? []), process.execPath, options.script ?? distMain];
    const result = await runProcess(command, args, {
      env,
      cwd: this.workspace,
      timeoutMs: options.timeoutMs ?? 60_000,
      kill: options.kill
    });
    const step = {
      ...result,
      elapsedMs: Date.now() - started,
      outputs: parseCommandFile(readFileSync(files.output, 'utf8')),
      exportedEnv: parseCommandFile(readFileSync(files.env, 'utf8')),
      state: parseCommandFile(readFileSync(files.state, 'utf8')),
      path: readFileSync(files.path, 'utf8'),
      summary: readFileSync(files.summary, 'utf8'),
      files
    };
    Object.assign(this.exportedEnv, step.exportedEnv);
    return step;
  }

  /** Runs the post step of an earlier main step, with that step's saved state. */
  runPost(mainStep, inputs, options = {}) {
    return this.runStep(inputs, { ...options, script: distPost, state: mainStep.state });
  }

  /** Removes the job's folder: HOME with its sf state, RUNNER_TEMP with its key copy, the step files. */
  remove() {
    rmSync(this.root, { recursive: true, force: true });
  }
}

/** The variables os.tmpdir() reads (TMPDIR; TMP and TEMP on Windows). */
export const TEMP_VARIABLES = ['TMPDIR', 'TMP', 'TEMP'];

/**
 * A child's environment with this process's temp dir, unless the caller chose one: children write their temp files
 * where the caller's are (under jest, the run's folder, removed at the end) and not in the machine's /tmp.
 * @param {NodeJS.ProcessEnv | undefined} env
 */
function withTempDir(env) {
  if (!env) return env;
  const temp = Object.fromEntries(TEMP_VARIABLES.filter((n) => process.env[n]).map((n) => [n, process.env[n]]));
  return { ...temp, ...env };
}

/**
 * @param {string} command @param {string[]} args
 * @param {{env?: NodeJS.ProcessEnv, cwd?: string, timeoutMs?: number, input?: string,
 *   kill?: {afterMs: number, signal: NodeJS.Signals, when?: () => boolean}}} [options]
 * @returns {Promise<{code: number | null, signal: string | null, stdout: string, stderr: string}>}
 */
export function runProcess(command, args, options = {}) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, {
      env: withTempDir(options.env),
      cwd: options.cwd,
      stdio: ['pipe', 'pipe', 'pipe']
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    const { kill } = options;
    /** @type {NodeJS.Timeout | undefined} */
    let killer;
    const arm = () => {
      killer = setTimeout(() => child.kill(kill.signal), kill.afterMs);
    };
    const poll =
      kill?.when &&
      setInterval(() => {
        if (!kill.when()) return;
        clearInterval(poll);
        arm();
      }, 1);
    if (kill && !kill.when) arm();
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (killer) clearTimeout(killer);
      if (poll) clearInterval(poll);
      resolvePromise({ code, signal, stdout, stderr });
    });
    child.stdin.on('error', () => {}); // a child that exits before reading its input must not crash the caller
    child.stdin.end(options.input ?? '');
  });
}

/**
 * Parses the heredoc format @actions/core writes to GITHUB_OUTPUT / GITHUB_ENV / GITHUB_STATE.
 * @param {string} text @returns {Record<string, string>}
 */
export function parseCommandFile(text) {
  /** @type {Record<string, string>} */
  const values = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<=]+)<<(.+)$/.exec(lines[i]);
    if (m) {
      const [, name, delimiter] = m;
      const value = [];
      for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i]);
      values[name] = value.join('\n');
    } else if (lines[i].includes('=')) {
      const at = lines[i].indexOf('=');
      values[lines[i].slice(0, at)] = lines[i].slice(at + 1);
    }
  }
  return values;
}

/** The `::add-mask::` values a step printed (unescaped as the runner does). @param {string} stdout @returns {string[]} */
export function maskedValues(stdout) {
  return stdout
    .split('\n')
    .filter((l) => l.startsWith('::add-mask::'))
    .map((l) => l.slice('::add-mask::'.length).replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%'));
}

/** Lines of output that are not ::add-mask:: commands: what a person reads in the log. @param {{stdout: string, stderr: string}} step */
export function visibleLog(step) {
  return [...step.stdout.split('\n').filter((l) => !l.startsWith('::add-mask::')), ...step.stderr.split('\n')].join(
    '\n'
  );
}

/** Every file below `dir` (none when it does not exist). @param {string} dir @returns {string[]} */
export function filesUnder(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}
