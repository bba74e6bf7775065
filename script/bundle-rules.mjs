// What may ship in which bundle, checked on every build (script/build.mjs) instead of trusted to comments. The
// action's entry files (dist/index.js, dist/post.js) load on every login and every post step: they must not carry
// node-forge (the command line's keygen only), nor @actions/cache, @actions/exec or @actions/core, which only the
// optional sf CLI set-up needs and which it loads from lazy chunks (dist/<n>.index.js).
//
// A package is recognised by error messages from its own source: string literals survive ncc's minification, and
// these occur nowhere else. So that a marker cannot rot silently (a new package version rewording it), each one must
// still be found somewhere in the build: node-forge in dist/cli.js, the others in the lazy chunks.

/** @type {Record<string, string[]>} package → texts only its code contains */
export const MARKERS = {
  'node-forge': ['Invalid PEM formatted message.', 'Too few bytes to read ASN.1 value.'],
  '@actions/cache': ['Path Validation Error', 'Cache Service Url not found'],
  '@actions/exec': ['There was an error when attempting to execute the process'],
  '@actions/core': [
    'Unable to get ACTIONS_ID_TOKEN_REQUEST_URL env variable',
    'Unable to find environment variable for file command'
  ]
};

/** The bundles that load on every run, and the packages they must not contain. */
export const ENTRY_RULES = {
  'index.js': Object.keys(MARKERS),
  'post.js': Object.keys(MARKERS)
};

const LAZY_CHUNK = /^\d+\.index\.js$/;

/**
 * Every broken rule in a build, as one line each (none: the build is fine).
 * @param {Record<string, string>} files dist/ file name → content
 * @returns {string[]}
 */
export function bundleViolations(files) {
  const problems = [];
  for (const [file, banned] of Object.entries(ENTRY_RULES)) {
    if (!(file in files)) {
      problems.push(`dist/${file} is missing`);
      continue;
    }
    for (const pkg of banned) {
      const found = MARKERS[pkg].filter((marker) => files[file].includes(marker));
      if (found.length)
        problems.push(
          `dist/${file} contains ${pkg} (${JSON.stringify(found[0])}); it may only load lazily, from a chunk`
        );
    }
  }
  const chunks = Object.keys(files).filter((f) => LAZY_CHUNK.test(f));
  for (const [pkg, markers] of Object.entries(MARKERS)) {
    const where = pkg === 'node-forge' ? ['cli.js'] : chunks;
    for (const marker of markers) {
      if (!where.some((file) => files[file]?.includes(marker)))
        problems.push(
          `no ${where.join(', ') || 'lazy chunk'} contains ${pkg}'s marker ${JSON.stringify(marker)}: update MARKERS`
        );
    }
  }
  return problems;
}
