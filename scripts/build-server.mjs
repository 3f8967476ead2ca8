/**
 * The compiled engine (issue 17): every TypeScript file of `apps/server/src` and
 * `packages/protocol/src` (tests aside) as one JavaScript file in `apps/server/dist` and
 * `packages/protocol/dist`, so `npm start` and the test kit run plain `node` rather than the tsx
 * loader, whose hook thread and transform caches cost each process memory and start-up time.
 *
 * One output file per source file, imports kept as written: a module has one identity whoever
 * imports it, so a game module importing `src/commands/Command.ts` gets the class the engine uses
 * (the game server maps such imports to this tree: `apps/server/src/server/gameModule.ts`). Each
 * dist tree sits at the depth of its `src`, so paths built from `import.meta.url` (the default
 * game, the web client's build) resolve the same from either.
 *
 * Cached: `ensureServerBuild()` rebuilds only when a source file was added, removed or changed
 * (paths, sizes and modification times, with this file and esbuild's version, hashed into
 * `apps/server/dist/.build-stamp`); a fresh tree costs a directory walk. Safe for concurrent
 * callers (parallel test workers, two `npm start`s): one builds under a lock directory while the
 * others wait, and a build is written to a temporary directory and renamed into place.
 *
 * `node scripts/build-server.mjs` runs it from the command line. Needs the dependencies installed
 * (esbuild is a dependency of apps/server); setup.mjs runs before that and so does not import it.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SERVER = join(ROOT, 'apps/server');
/** Source and dist roots of the two compiled trees. The server's holds the stamp. */
export const TREES = [
  { name: 'protocol', src: join(ROOT, 'packages/protocol/src'), dist: join(ROOT, 'packages/protocol/dist') },
  { name: 'server', src: join(SERVER, 'src'), dist: join(SERVER, 'dist') },
];
export const SERVER_DIST = join(SERVER, 'dist');
/** The portal's entry in the compiled tree: what `npm start` and the test kit run. */
export const PORTAL_MAIN = join(SERVER_DIST, 'portal/main.js');
const PROTOCOL_INDEX = join(ROOT, 'packages/protocol/dist/index.js');
const STAMP = join(SERVER_DIST, '.build-stamp');
// Under node_modules: ignored by git, Biome, the doc check and Vitest alike, and on the same
// file system as the trees, so the finished build is renamed into place.
const WORK = join(SERVER, 'node_modules/.cache');
const LOCK = join(WORK, 'mud-server-build.lock');
/** A lock older than this belongs to a build that died (a build takes about a second). */
const STALE_LOCK_MS = 60_000;

/**
 * Whether a file is compiled: TypeScript sources, not tests or declarations, and the few plain
 * JavaScript modules (the SQLite writer thread's, which a worker thread loads without any loader).
 */
function isSource(name) {
  if (name.endsWith('.js')) return !name.endsWith('.test.js');
  return name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.d.ts');
}

/** The test kit (`@mud/server/testing`) runs in the test runner, from its sources: no process imports it. */
const NOT_COMPILED = new Set([join(SERVER, 'src/testing')]);

/** The compiled files of a source tree, sorted. */
export function sourcesOf(dir) {
  const files = [];
  const walk = (d) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) {
        if (!NOT_COMPILED.has(path)) walk(path);
      } else if (isSource(entry.name)) files.push(path);
    }
  };
  walk(dir);
  return files.sort();
}

function esbuildPath() {
  return createRequire(join(SERVER, 'package.json')).resolve('esbuild');
}

/** What the build depends on: every source's path, size and mtime, this script, esbuild's version. */
function inputsHash() {
  const hash = createHash('sha256');
  for (const tree of TREES) {
    for (const file of sourcesOf(tree.src)) {
      const { size, mtimeMs } = statSync(file);
      hash.update(`${relative(ROOT, file)}\0${size}\0${mtimeMs}\n`);
    }
  }
  hash.update(readFileSync(fileURLToPath(import.meta.url)));
  hash.update(esbuildPath());
  return hash.digest('hex');
}

/** Whether the compiled trees match the sources now. */
export function serverBuildFresh() {
  try {
    return readFileSync(STAMP, 'utf8') === inputsHash() && TREES.every((tree) => existsSync(tree.dist));
  } catch {
    return false;
  }
}

/** `to` as an import specifier from the file `from`: relative, with `/` separators. */
function importPath(from, to) {
  const path = relative(dirname(from), to).split(sep).join('/');
  return path.startsWith('.') ? path : `./${path}`;
}

/** Where the compiled file of the source file `source` goes. */
export function distOf(source) {
  const tree = TREES.find((t) => source.startsWith(t.src + sep));
  return join(tree.dist, relative(tree.src, source)).replace(/\.ts$/, '.js');
}

/** Compiles both trees into `out/<tree name>/`. */
async function compile(out) {
  const esbuild = await import(pathToFileURL(esbuildPath()).href);
  const entryPoints = TREES.flatMap((tree) =>
    sourcesOf(tree.src).map((file) => ({
      in: file,
      out: join(tree.name, relative(tree.src, file)).replace(/\.[jt]s$/, ''),
    })),
  );
  /** Every import stays an import: relative ones as written, the protocol by its dist path. */
  const oneFilePerModule = {
    name: 'one-file-per-module',
    setup(build) {
      build.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind === 'entry-point') return undefined;
        if (args.path === '@mud/protocol') {
          return { path: importPath(distOf(args.importer), PROTOCOL_INDEX), external: true };
        }
        return { path: args.path, external: true };
      });
    },
  };
  try {
    await esbuild.build({
      entryPoints,
      outdir: out,
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      // Stack traces name the .ts file and line when node runs with --enable-source-maps.
      sourcemap: 'linked',
      plugins: [oneFilePerModule],
      logLevel: 'silent',
    });
  } finally {
    await esbuild.stop();
  }
}

function lockAge() {
  try {
    return Date.now() - statSync(LOCK).mtimeMs;
  } catch {
    return undefined;
  }
}

/** Takes the build lock (a directory: mkdir is atomic), waiting while another build holds it. */
async function lock() {
  mkdirSync(WORK, { recursive: true });
  for (;;) {
    try {
      mkdirSync(LOCK);
      return;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
    }
    const age = lockAge();
    if (age !== undefined && age > STALE_LOCK_MS) rmSync(LOCK, { recursive: true, force: true });
    else await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Builds the compiled trees unless they are fresh. Resolves true when it built. `log` is told
 * when a build starts.
 */
export async function ensureServerBuild({ log = () => {} } = {}) {
  if (serverBuildFresh()) return false;
  await lock();
  try {
    // Another caller may have built while this one waited for the lock.
    if (serverBuildFresh()) return false;
    log('compiling the server');
    const hash = inputsHash();
    // The lock is held: any other build directory is left by a build that was killed.
    for (const name of readdirSync(WORK)) {
      if (name.startsWith('mud-server-build-')) rmSync(join(WORK, name), { recursive: true, force: true });
    }
    const out = join(WORK, `mud-server-build-${process.pid}`);
    await compile(out);
    writeFileSync(join(out, 'server', '.build-stamp'), hash);
    // The server's tree (with the stamp) last: the stamp never vouches for a tree not yet moved.
    for (const tree of TREES) {
      const old = join(out, `old-${tree.name}`);
      if (existsSync(tree.dist)) renameSync(tree.dist, old);
      renameSync(join(out, tree.name), tree.dist);
    }
    rmSync(out, { recursive: true, force: true });
    return true;
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const started = Date.now();
  const built = await ensureServerBuild();
  if (built) process.stdout.write(`compiled the server in ${Date.now() - started} ms\n`);
}
