export const id = 191;
export const ids = [191];
export const modules = {

/***/ 3191:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   binDirOf: () => (/* binding */ binDirOf),
/* harmony export */   cacheKey: () => (/* binding */ cacheKey),
/* harmony export */   resolveSfCliVersion: () => (/* binding */ resolveSfCliVersion),
/* harmony export */   runnerDeps: () => (/* binding */ runnerDeps),
/* harmony export */   setupSfCli: () => (/* binding */ setupSfCli),
/* harmony export */   toolDir: () => (/* binding */ toolDir),
/* harmony export */   verifyWithSf: () => (/* binding */ verifyWithSf),
/* harmony export */   withoutInputs: () => (/* binding */ withoutInputs)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(17);
/* harmony import */ var _util_http_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(4098);
/* harmony import */ var _util_text_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(9997);
/* harmony import */ var _key_file_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(609);
/**
 * Optional sf CLI set-up (input sf-cli-version): resolve the version, take it from the runner's tool cache or the
 * Actions cache, else `npm install --prefix <tool dir> @salesforce/cli@<version>` and save it to the cache, then put
 * its bin folder on PATH. A missing or failing cache service is a warning and a plain install, never a failure.
 *
 * @actions/cache and @actions/exec are loaded only here, and only when the feature is used: the login-only path
 * never pays their load time.
 */







const VERSION = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;
const PACKAGE = '@salesforce/cli';
const SET_VERSION = 'set sf-cli-version to a version such as 2.150.6';
const MESSAGES = {
    badLatest: (version) => `The npm registry gave "${version}" as the latest ${PACKAGE}; ${SET_VERSION}.`,
    badVersion: (wanted) => `sf-cli-version must be "latest" or a version such as 2.150.6 (got "${wanted}").`,
    latestUnknown: (registry, status) => `Could not resolve the latest ${PACKAGE} from ${registry} (HTTP ${status}); ${SET_VERSION}.`,
    noCacheService: (version) => `The Actions cache service is not available here; installing sf CLI ${version} without caching it.`,
    restoreFailed: (version, why) => `Could not restore sf CLI ${version} from the Actions cache (${why}); installing it instead.`,
    saveFailed: (version, why) => `Could not save sf CLI ${version} to the Actions cache (${why}); the next job installs it again.`,
    installFailed: (version, detail) => `Could not install sf CLI ${version} (npm install ${PACKAGE}@${version} failed${detail ? `: ${detail}` : ''}). ` +
        "Check sf-cli-version and the runner's access to the npm registry.",
    verifyFailed: (targetOrg, why) => `sf cannot use the org it was just logged into: \`sf org display --target-org ${targetOrg}\` failed` +
        `${why ? ` (${why})` : ''}.`,
    notConnected: (targetOrg, status) => `sf cannot use the org it was just logged into: \`sf org display --target-org ${targetOrg}\` reports its ` +
        `connection as "${status}", not "Connected" (sf could not use the token, nor get a new one with the key copy). ` +
        "The login itself worked, so check what differs for sf's requests: the runner's proxy settings (HTTPS_PROXY, " +
        "NO_PROXY) and the org's login IP ranges; or set verify to false to skip this check."
};
/** sf's warning when `org display` could not refresh the token (plugin-org, display.js). */
const REFRESH_FAILED = /unable to refresh auth/i;
/** '' → no install; 'latest' → resolved from the registry; a semver version as given. */
async function resolveSfCliVersion(spec, latest) {
    const wanted = spec.trim();
    if (!wanted)
        return undefined;
    if (wanted === 'latest') {
        const version = await latest();
        if (!VERSION.test(version))
            throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .y(MESSAGES.badLatest((0,_util_text_js__WEBPACK_IMPORTED_MODULE_6__/* .quoteText */ .ol)(version, 100)));
        return version;
    }
    const exact = wanted.replace(/^v/, '');
    if (!VERSION.test(exact))
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .y(MESSAGES.badVersion((0,_util_text_js__WEBPACK_IMPORTED_MODULE_6__/* .quoteText */ .ol)(wanted, 100)));
    return exact;
}
/** Where the runner's tool cache keeps a tool: <RUNNER_TOOL_CACHE>/sf-cli/<version>/<arch>, with <arch>.complete. */
function toolDir(deps, version) {
    const root = deps.env.RUNNER_TOOL_CACHE || deps.path.join(deps.env.RUNNER_TEMP || (0,node_os__WEBPACK_IMPORTED_MODULE_2__.tmpdir)(), 'tool-cache');
    return deps.path.join(root, 'sf-cli', version, deps.arch);
}
function cacheKey(version, platform, arch) {
    return `sf-jwt-login-sf-cli-${version}-${platform}-${arch}`;
}
/** The folder with the sf executable (sf, or sf.cmd on Windows) after `npm install --prefix <dir>`. */
function binDirOf(dir, deps) {
    return deps.path.join(dir, 'node_modules', '.bin');
}
async function setupSfCli(spec, deps) {
    const version = await resolveSfCliVersion(spec, deps.latestVersion);
    if (!version)
        return undefined;
    const dir = toolDir(deps, version);
    const binDir = binDirOf(dir, deps);
    const sfPath = deps.path.join(binDir, deps.platform === 'win32' ? 'sf.cmd' : 'sf');
    const complete = `${dir}.complete`;
    const key = cacheKey(version, deps.platform, deps.arch);
    const done = (cacheHit) => {
        deps.addPath(binDir);
        return { version, cacheHit, binDir, sfPath };
    };
    if (deps.exists(complete) && deps.exists(sfPath)) {
        deps.log(`sf CLI ${version}: found in the tool cache (${dir}).`);
        return done('tool-cache');
    }
    const cacheUsable = deps.cacheAvailable();
    if (!cacheUsable)
        deps.warn(MESSAGES.noCacheService(version));
    if (cacheUsable) {
        try {
            if ((await deps.restoreCache([dir], key)) && deps.exists(sfPath)) {
                deps.markComplete(complete);
                deps.log(`sf CLI ${version}: restored from the Actions cache (${key}).`);
                return done('actions-cache');
            }
        }
        catch (err) {
            deps.warn(MESSAGES.restoreFailed(version, (0,_util_text_js__WEBPACK_IMPORTED_MODULE_6__/* .quoteText */ .ol)(err.message)));
        }
    }
    deps.log(`sf CLI ${version}: installing with npm into ${dir}...`);
    const installed = await deps.npmInstall(dir, `${PACKAGE}@${version}`);
    if (installed.exitCode !== 0 || !deps.exists(sfPath)) {
        const detail = (0,_util_text_js__WEBPACK_IMPORTED_MODULE_6__/* .quoteText */ .ol)(installed.stderr.trim().split('\n').filter(Boolean).slice(-3).join(' '));
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .y(MESSAGES.installFailed(version, detail));
    }
    deps.markComplete(complete);
    if (cacheUsable) {
        try {
            await deps.saveCache([dir], key);
        }
        catch (err) {
            deps.warn(MESSAGES.saveFailed(version, (0,_util_text_js__WEBPACK_IMPORTED_MODULE_6__/* .quoteText */ .ol)(err.message)));
        }
    }
    return done(false);
}
/** The real dependencies: the modules for cache and exec are imported here, on first use only. */
function runnerDeps(log, warn, addPath) {
    const registry = (process.env.npm_config_registry || 'https://registry.npmjs.org').replace(/\/+$/, '');
    return {
        platform: process.platform,
        arch: process.arch,
        env: process.env,
        path: (node_path__WEBPACK_IMPORTED_MODULE_1___default()),
        log,
        warn,
        addPath,
        exists: node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync,
        markComplete: (file) => (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.writeFileSync)(file, ''),
        latestVersion: async () => {
            const res = await (0,_util_http_js__WEBPACK_IMPORTED_MODULE_4__/* .request */ .Em)({
                method: 'GET',
                url: `${registry}/${PACKAGE.replace('/', '%2f')}/latest`,
                timeoutMs: 30_000
            });
            const version = (0,_util_http_js__WEBPACK_IMPORTED_MODULE_4__/* .parseJson */ .qF)(res.body)?.version;
            if (res.status !== 200 || !version)
                throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .y(MESSAGES.latestUnknown(registry, res.status));
            return version;
        },
        cacheAvailable: () => Boolean(process.env.ACTIONS_CACHE_URL || process.env.ACTIONS_RESULTS_URL),
        restoreCache: async (paths, key) => (await Promise.all(/* import() */[__webpack_require__.e(955), __webpack_require__.e(81)]).then(__webpack_require__.bind(__webpack_require__, 9081))).restoreCache(paths, key),
        saveCache: async (paths, key) => (await Promise.all(/* import() */[__webpack_require__.e(955), __webpack_require__.e(81)]).then(__webpack_require__.bind(__webpack_require__, 9081))).saveCache(paths, key),
        npmInstall: async (prefix, spec) => {
            const { getExecOutput } = await __webpack_require__.e(/* import() */ 955).then(__webpack_require__.bind(__webpack_require__, 1955));
            const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
            // Install scripts of hundreds of packages run here: they get no INPUT_* variable (the private key is one).
            return getExecOutput(npm, ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--loglevel=error', spec], {
                ignoreReturnCode: true,
                silent: true,
                env: withoutInputs(process.env)
            });
        }
    };
}
/** Proves the chain on the user's runner: sf itself must be able to use the org. */
async function verifyWithSf(sfPath, targetOrg, env) {
    const { getExecOutput } = await __webpack_require__.e(/* import() */ 955).then(__webpack_require__.bind(__webpack_require__, 1955));
    const r = await getExecOutput(sfPath, ['org', 'display', '--target-org', targetOrg, '--json'], {
        ignoreReturnCode: true,
        silent: true,
        // The step's own inputs (the private key among them) are no business of sf's.
        env: {
            ...withoutInputs(env),
            ..._key_file_js__WEBPACK_IMPORTED_MODULE_5__/* .KEY_FILE_ENV */ .N,
            SF_DISABLE_AUTOUPDATE: 'true',
            SF_SKIP_NEW_VERSION_CHECK: 'true',
            SF_DISABLE_TELEMETRY: 'true'
        }
    });
    const json = (0,_util_http_js__WEBPACK_IMPORTED_MODULE_4__/* .parseJson */ .qF)(r.stdout);
    if (r.exitCode !== 0 || json?.status !== 0) {
        const said = json?.message?.split('\n')[0] || r.stderr.trim().split('\n').pop();
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .y(MESSAGES.verifyFailed(targetOrg, said ? (0,_util_text_js__WEBPACK_IMPORTED_MODULE_6__/* .quoteText */ .ol)(said) : undefined));
    }
    // sf exits 0 whatever the org answered: the verdict is connectedStatus ("Connected", or the error's code or
    // message). sf gives none for a scratch org it knows the hub of; its warning then tells that the refresh failed.
    const status = json.result?.connectedStatus;
    const refreshFailed = json.warnings?.some((w) => REFRESH_FAILED.test(String(w)));
    if ((status !== undefined && status !== 'Connected') || (status === undefined && refreshFailed)) {
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .y(MESSAGES.notConnected(targetOrg, (0,_util_text_js__WEBPACK_IMPORTED_MODULE_6__/* .quoteText */ .ol)(status ?? 'unable to refresh auth for org')));
    }
    return { orgId: json.result?.id };
}
/** The environment for a child process, without the step's inputs (INPUT_PRIVATE-KEY and its passphrase among them). */
function withoutInputs(env) {
    return Object.fromEntries(Object.entries(env).filter((e) => !e[0].startsWith('INPUT_') && e[1] !== undefined));
}


/***/ })

};
