/**
 * PostgreSQL for tests (docs/cluster.md#postgresql): a fresh database per test file on whatever
 * server is at hand, and private servers a test may stop, crash and start again.
 *
 * The private server is Debian's `postgresql` package (`/usr/lib/postgresql/<version>/bin`, which
 * `scripts/setup.mjs` installs for tests) run straight from its binaries in a temporary directory:
 * no cluster of the system's is touched. PostgreSQL refuses to run as root, so when this process
 * is root the server runs as the `postgres` user the package creates.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from './ports.js';

/** The URL of the server that answers on the default port without a password, if one does. */
const LOCAL_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  /** `postgres://…/<fresh database>`, for openDatabase({ url }) or MUD_DATABASE_URL. */
  url: string;
  /** Drops the database, closing whatever is still connected to it. */
  drop(): Promise<void>;
}

export interface PrivatePostgres {
  /** `postgres://postgres@127.0.0.1:<port>/postgres`; the same across stop() and start(). */
  readonly url: string;
  readonly port: number;
  /** Fast shutdown (as `pg_ctl stop -m fast`): sessions are ended, committed work is kept. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data: with stop() or kill(), a restart. */
  start(): Promise<void>;
  /** SIGKILL to the server and its backends at once: a crash; start() recovers from the WAL. */
  kill(): Promise<void>;
  /** Stops it and deletes its data. */
  destroy(): Promise<void>;
}

/** Whether a PostgreSQL server answers at `url` (within a couple of seconds). */
async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

let serverUrl: Promise<string> | undefined;

/** `MUD_TEST_PG_URL`, else the local server on 5432, else one private server for this process. */
function testServerUrl(): Promise<string> {
  serverUrl ??= (async () => {
    const configured = process.env.MUD_TEST_PG_URL;
    if (configured) return configured;
    if (await answers(LOCAL_URL)) return LOCAL_URL;
    return (await startPrivatePostgres()).url;
  })();
  return serverUrl;
}

let databases = 0;

/** A new, uniquely named, empty database on the test server (see testServerUrl). */
export async function testDatabase(): Promise<TestDatabase> {
  const server = await testServerUrl();
  databases += 1;
  // Unique across test processes and runs sharing one server.
  const name = `mud_test_${process.pid}_${databases}_${randomBytes(3).toString('hex')}`;
  await admin(server, `create database ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => admin(server, `drop database if exists ${name} with (force)`),
  };
}

async function admin(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {});
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** The newest PostgreSQL whose server binaries Debian's packages installed. */
function binDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'postgres')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const newest = versions[0];
  if (newest === undefined) {
    throw new Error(`no PostgreSQL server in ${root}: install Debian's postgresql (node scripts/setup.mjs does)`);
  }
  return join(root, newest, 'bin');
}

/** uid/gid to run the server as: ours, or the `postgres` user's when we are root. */
function runAs(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

/** A private PostgreSQL server in a temporary directory on a free port, trusting local connections. */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = binDir();
  const user = runAs();
  const dir = mkdtempSync(join(tmpdir(), 'mud-pg-'));
  if (user.uid !== undefined && user.gid !== undefined) chownSync(dir, user.uid, user.gid);
  const data = join(dir, 'data');
  execFileSync(
    join(bin, 'initdb'),
    ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions'],
    { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'], ...user },
  );
  const port = await freePort();
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;

  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  let output = '';
  // A test runner that ends without destroy() (the shared server of testDatabase) must not
  // leave a server or its files behind it.
  const killOnExit = () => {
    if (child?.pid) signalGroup(child.pid, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  process.on('exit', killOnExit);

  const start = async () => {
    if (child) throw new Error('the private PostgreSQL is already running');
    output = '';
    // Its own process group, so kill() takes the backends down with the postmaster.
    const started = spawn(
      join(bin, 'postgres'),
      ['-D', data, '-p', String(port), '-h', '127.0.0.1', '-k', dir, '-c', 'max_connections=60'],
      { cwd: dir, detached: true, stdio: ['ignore', 'ignore', 'pipe'], ...user },
    );
    child = started;
    started.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    exited = new Promise((resolve) => started.once('exit', () => resolve()));
    void exited.then(() => {
      if (child === started) child = undefined;
    });
    const until = Date.now() + 60_000;
    while (!(await answers(url))) {
      if (child !== started) throw new Error(`PostgreSQL exited while starting:\n${output}`);
      if (Date.now() > until) throw new Error(`PostgreSQL did not start:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  const halt = async (signal: NodeJS.Signals) => {
    const running = child;
    if (!running?.pid) return;
    // SIGINT is PostgreSQL's fast shutdown; SIGKILL to the group is a crash.
    if (signal === 'SIGKILL') signalGroup(running.pid, signal);
    else running.kill(signal);
    await exited;
  };

  await start();
  return {
    url,
    port,
    stop: () => halt('SIGINT'),
    start,
    kill: () => halt('SIGKILL'),
    async destroy() {
      await halt('SIGINT');
      process.removeListener('exit', killOnExit);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}
