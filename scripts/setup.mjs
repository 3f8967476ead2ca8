/**
 * Everything a fresh clone needs before it can run, done only when needed so a set-up checkout
 * starts in seconds: pnpm at the pinned version, dependencies (better-sqlite3 compiled against
 * the local Node headers), the web client build, and — for tests — Debian's Chromium and the real
 * outside clients (TinTin++, telnet, ssh).
 * Plain Node ESM with no dependencies: it runs before anything is installed.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PNPM_VERSION = '10.34.9';

export function log(message) {
  process.stdout.write(`\x1b[36m[setup]\x1b[0m ${message}\n`);
}

/** Environment for installs: build native addons on local headers, never download browsers. */
export function installEnv() {
  const env = { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1', CI: process.env.CI ?? '' };
  if (existsSync('/usr/include/node/node.h')) env.npm_config_nodedir = '/usr';
  return env;
}

export function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', env: installEnv(), ...options });
  if (result.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} failed with ${result.status ?? result.signal}`);
  }
}

/**
 * Runs a Node program as this script's stand-in: SIGINT and SIGTERM are passed on (so Ctrl-C
 * gives the child's graceful shutdown) and this process exits with the child's code.
 */
export function runForwardingSignals(args, options) {
  const child = spawn(process.execPath, args, { stdio: 'inherit', ...options });
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => child.kill(signal));
  }
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

function version(cmd) {
  try {
    return execFileSync(cmd, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

/** Makes sure pnpm is installed at the pinned version (corepack is not used: it fails offline). */
export function ensurePnpm() {
  if (version('pnpm') === PNPM_VERSION) return;
  log(`installing pnpm ${PNPM_VERSION}`);
  run('npm', ['install', '--global', `pnpm@${PNPM_VERSION}`]);
}

function hashFiles(paths) {
  const hash = createHash('sha256');
  const walk = (path) => {
    if (!existsSync(path)) return;
    const stat = statSync(path);
    if (stat.isDirectory()) {
      for (const name of readdirSync(path).sort()) {
        if (name === 'node_modules' || name === 'dist') continue;
        walk(join(path, name));
      }
    } else {
      hash.update(relative(ROOT, path));
      hash.update(readFileSync(path));
    }
  };
  for (const p of paths) walk(join(ROOT, p));
  return hash.digest('hex');
}

function stampMatches(stampFile, hash) {
  return existsSync(stampFile) && readFileSync(stampFile, 'utf8') === hash;
}

/**
 * The workspace's packages, from the `packages:` list of pnpm-workspace.yaml (plain entries and
 * `dir/*`), as directories relative to the root. Read by hand: no YAML parser is installed yet.
 */
export function workspaceMembers() {
  const lines = readFileSync(join(ROOT, 'pnpm-workspace.yaml'), 'utf8').split('\n');
  const members = [];
  let inPackages = false;
  for (const line of lines) {
    if (/^\S/.test(line)) inPackages = line.startsWith('packages:');
    const entry = inPackages && /^\s+-\s+['"]?([^'"#\s]+)/.exec(line)?.[1];
    if (!entry) continue;
    const dirs = entry.endsWith('/*')
      ? readdirSync(join(ROOT, entry.slice(0, -2)))
          .sort()
          .map((name) => `${entry.slice(0, -1)}${name}`)
      : [entry];
    members.push(...dirs.filter((dir) => existsSync(join(ROOT, dir, 'package.json'))));
  }
  return members;
}

/** Installs dependencies when the lockfile or manifests changed since the last install. */
export function ensureDependencies() {
  const manifests = ['pnpm-lock.yaml', 'pnpm-workspace.yaml', 'package.json', '.npmrc'];
  for (const dir of workspaceMembers()) manifests.push(`${dir}/package.json`);
  const hash = hashFiles(manifests);
  const stamp = join(ROOT, 'node_modules', '.install-stamp');
  if (stampMatches(stamp, hash)) return;
  ensurePnpm();
  log('installing dependencies (the first time this compiles better-sqlite3, about a minute)');
  run('pnpm', ['install', '--frozen-lockfile']);
  writeFileSync(stamp, hash);
}

/** Builds the web client when its sources changed since the last build. */
export function ensureWebBuild() {
  const hash = hashFiles(['apps/web', 'packages/protocol/src']);
  const stamp = join(ROOT, 'apps/web/dist/.build-stamp');
  if (stampMatches(stamp, hash) && existsSync(join(ROOT, 'apps/web/dist/index.html'))) return;
  ensurePnpm();
  log('building the web client');
  run('pnpm', ['--filter', '@mud/web', 'build']);
  writeFileSync(stamp, hash);
}

/**
 * Debian packages the tests drive, by the program each provides: Chromium for the end-to-end
 * tests, and the real outside clients of apps/server/test/realclients.test.ts — TinTin++ (off
 * PATH, in /usr/games), `telnet` (on Debian 12 a transitional package for inetutils-telnet;
 * netkit's telnet is no longer packaged), OpenSSH's client, sshpass (types the password for
 * it) and tmux (the terminal TinTin++ needs); and the cluster's real servers: PostgreSQL (its
 * binaries live under a versioned directory, hence the `*`; the tests run private instances
 * from them, apps/server/src/testing/PostgresServer.ts) and NATS.
 */
export const TEST_PACKAGES = [
  { program: '/usr/bin/chromium', pkg: 'chromium' },
  { program: '/usr/games/tt++', pkg: 'tintin++' },
  { program: '/usr/bin/telnet', pkg: 'telnet' },
  { program: '/usr/bin/ssh', pkg: 'openssh-client' },
  { program: '/usr/bin/sshpass', pkg: 'sshpass' },
  { program: '/usr/bin/tmux', pkg: 'tmux' },
  { program: '/usr/lib/postgresql/*/bin/initdb', pkg: 'postgresql' },
  { program: '/usr/sbin/nats-server', pkg: 'nats-server' },
];

/** Whether `program` exists; one `*` path segment matches any directory name (a version). */
export function programExists(program) {
  const star = program.split('/').indexOf('*');
  if (star === -1) return existsSync(program);
  const parts = program.split('/');
  const parent = parts.slice(0, star).join('/') || '/';
  if (!existsSync(parent)) return false;
  return readdirSync(parent).some((name) =>
    programExists([...parts.slice(0, star), name, ...parts.slice(star + 1)].join('/')),
  );
}

/** Whether apt knows a version of `pkg` to install (no package lists yet: it does not). */
function aptHasCandidate(pkg) {
  const result = spawnSync('apt-cache', ['policy', pkg], { encoding: 'utf8' });
  const candidate = /Candidate:\s*(\S+)/.exec(result.stdout ?? '')?.[1];
  return result.status === 0 && candidate !== undefined && candidate !== '(none)';
}

/**
 * Installs the test packages whose program is missing, in one `apt-get install` (after one
 * `apt-get update` when apt has no package lists for one of them).
 */
export function ensureTestPackages() {
  const missing = TEST_PACKAGES.filter(({ program }) => !programExists(program)).map(({ pkg }) => pkg);
  if (missing.length === 0) return;
  log(`installing Debian's ${missing.join(', ')}`);
  const sudo = process.getuid?.() === 0 ? [] : ['sudo'];
  const apt = (args) =>
    run(sudo.length ? 'sudo' : 'apt-get', [...(sudo.length ? ['apt-get'] : []), ...args], {
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  // Wait for another apt run (a second checkout's set-up) rather than fail on its lock.
  const lock = ['-o', 'DPkg::Lock::Timeout=300'];
  if (!missing.every(aptHasCandidate)) apt(['update', '-qq']);
  apt(['install', '-y', '-qq', ...lock, ...missing]);
}
