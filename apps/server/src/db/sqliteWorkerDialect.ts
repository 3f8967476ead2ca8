/**
 * A kysely dialect for SQLite whose writes run off the game's event loop, in a worker thread
 * (sqliteWorker.js) that groups them into shared commits (docs/architecture.md#the-database).
 *
 * - Writes, and every statement of an explicit transaction, go to the writer thread. A write's
 *   promise settles only after the COMMIT holding it returned (WAL, synchronous = FULL), so what
 *   the game answered survives kill -9 and power loss. Writes that arrive while a commit is in
 *   flight share the next one: one fsync for many players.
 * - Plain reads (a read-only statement outside a transaction) run on a read-only connection on
 *   the main thread: WAL readers never wait for the writer, and each statement reads the latest
 *   commit, so a read after a write's promise settled sees that write. Without a file (`:memory:`,
 *   which a second connection cannot share) every statement goes to the thread.
 * - The thread failing (an exception, an exit) is reported to `onError`; the statements waiting
 *   on it fail with DatabaseUnavailableError (the player's E_SERVER_UNAVAILABLE, never a hang) and
 *   the next write starts a new thread. A write whose COMMIT ran just before the thread died may
 *   be done though reported failed, as with a PostgreSQL connection lost under a statement.
 * - `destroy` (kysely's, Db.close) drains: every write sent before it is committed and answered
 *   before the thread exits.
 */
import { Worker } from 'node:worker_threads';
import SqliteDatabase from 'better-sqlite3';
import {
  CompiledQuery,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type QueryResult,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';
import { DatabaseUnavailableError } from './DatabaseUnavailableError.js';

export interface SqliteWorkerOptions {
  /** The database file, or ':memory:' (then there is no main-thread reader). */
  file: string;
  /** The writer thread failed; its waiting statements got DatabaseUnavailableError. */
  onError?: (error: Error) => void;
}

export interface SqliteWriterStats {
  /** COMMITs the writer thread has made (group commits and explicit transactions). */
  commits: number;
  /** Statements committed by them. */
  statements: number;
}

const WORKER_FILE = new URL('./sqliteWorker.js', import.meta.url);

/** Kysely's SQLite pieces, with the driver swapped. */
export class SqliteWorkerDialect implements Dialect {
  readonly #driver: SqliteWorkerDriver;

  constructor(options: SqliteWorkerOptions) {
    this.#driver = new SqliteWorkerDriver(options);
  }

  /**
   * Ends the writer thread as a crash would (the tests' way to see that callers get an error and
   * the next write a new thread); it is not part of running a game.
   */
  terminateWriter(): Promise<void> {
    return this.#driver.terminateWriter();
  }

  /** Counters of the writer thread, answered after every write sent before this call. */
  stats(): Promise<SqliteWriterStats> {
    return this.#driver.stats();
  }

  createDriver(): Driver {
    return this.#driver;
  }
  createQueryCompiler(): QueryCompiler {
    return new SqliteQueryCompiler();
  }
  createAdapter(): DialectAdapter {
    return new TransactionalSqliteAdapter();
  }
  // biome-ignore lint/suspicious/noExplicitAny: kysely's own signature.
  createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new SqliteIntrospector(db);
  }
}

/**
 * SQLite does run DDL in transactions; kysely's adapter says no only because its driver has one
 * connection. Saying yes makes the Migrator run the pending migrations in one transaction
 * (BEGIN IMMEDIATE on the writer): two servers opening a new file at once are serialised by the
 * write lock, and the second finds nothing left to do.
 */
class TransactionalSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

/** What is sent to the thread (with an `id` its reply carries back); `tx` marks a transaction's. */
type Request =
  | { t: 'run'; sql: string; params: readonly unknown[]; tx?: number }
  | { t: 'begin' | 'commit' | 'rollback'; tx: number }
  | { t: 'stats' | 'close' };

interface Reply {
  id: number;
  ok: boolean;
  rows?: unknown[];
  changes?: number | bigint;
  insertId?: number | bigint;
  error?: { name: string; message: string; code?: string };
}

type FromWorker = { t: 'ready' } | { t: 'closed' } | { t: 'replies'; list: Reply[] };

interface Waiting {
  resolve: (reply: Reply) => void;
  reject: (error: Error) => void;
}

/** A write of a thread that died must not be retried: it may have committed. */
class Thread {
  readonly waiting = new Map<number, Waiting>();
  dead = false;
  constructor(readonly worker: Worker) {}
}

class SqliteWorkerDriver implements Driver {
  readonly #options: SqliteWorkerOptions;
  #thread: Thread | undefined;
  #reader: SqliteDatabase.Database | undefined;
  /** sql → the reader's prepared statement, or null: not a plain read, it goes to the writer. */
  readonly #routes = new Map<string, SqliteDatabase.Statement | null>();
  #nextId = 1;
  #nextTx = 1;
  #closed = false;
  #destroying: Promise<void> | undefined;

  constructor(options: SqliteWorkerOptions) {
    this.#options = options;
  }

  async init(): Promise<void> {
    const thread = this.#start();
    // Held until it is ready: an open awaited by nothing else must not let the process end.
    thread.worker.ref();
    // The first open's failure (a directory that cannot be written) is openDatabase's to throw.
    await new Promise<void>((resolve, reject) => {
      const onMessage = (message: FromWorker) => {
        if (message.t !== 'ready') return;
        thread.worker.off('error', reject);
        thread.worker.off('message', onMessage);
        if (thread.waiting.size === 0) thread.worker.unref();
        resolve();
      };
      thread.worker.on('message', onMessage);
      thread.worker.once('error', reject);
    });
    if (this.#options.file !== ':memory:') {
      // Opened after the writer made the file and switched it to WAL. Read-only: it could not
      // write by mistake, and it never takes the write lock. The pragmas are per connection.
      const reader = new SqliteDatabase(this.#options.file, { readonly: true });
      reader.pragma('busy_timeout = 5000');
      reader.pragma('foreign_keys = ON');
      this.#reader = reader;
    }
  }

  #start(): Thread {
    // No execArgv: the parent's `--import tsx` would only slow the thread's start.
    const worker = new Worker(WORKER_FILE, { workerData: { file: this.#options.file }, execArgv: [] });
    const thread = new Thread(worker);
    this.#thread = thread;
    // Held only while a statement waits (#send), so a Db nobody closed does not keep the
    // process alive, and one with writes in flight does.
    worker.unref();
    worker.on('message', (message: FromWorker) => {
      if (message.t !== 'replies') return;
      for (const reply of message.list) {
        const waiting = thread.waiting.get(reply.id);
        if (!waiting) continue;
        thread.waiting.delete(reply.id);
        if (thread.waiting.size === 0) worker.unref();
        waiting.resolve(reply);
      }
    });
    worker.on('error', (error) => this.#died(thread, error));
    worker.on('exit', (code) => this.#died(thread, new Error(`the SQLite writer thread exited (code ${code})`)));
    return thread;
  }

  #died(thread: Thread, error: Error): void {
    if (thread.dead) return;
    thread.dead = true;
    if (this.#thread === thread) this.#thread = undefined;
    // An exit after close is the drain's normal end; anything still waiting then was sent too late.
    if (!this.#closed) this.#options.onError?.(error);
    for (const waiting of thread.waiting.values()) {
      waiting.reject(
        this.#closed ? new Error('the database is closed') : new DatabaseUnavailableError({ cause: error }),
      );
    }
    thread.waiting.clear();
  }

  /** Sends to the current thread (starting a new one after a failure) and waits for its answer. */
  #send(request: Request, thread?: Thread): Promise<Reply> {
    if (this.#closed && request.t !== 'close') return Promise.reject(new Error('the database is closed'));
    const target = thread ?? this.#thread ?? this.#start();
    if (target.dead) {
      return Promise.reject(new DatabaseUnavailableError({ cause: new Error('the SQLite writer thread failed') }));
    }
    const id = this.#nextId++;
    return new Promise<Reply>((resolve, reject) => {
      if (target.waiting.size === 0) target.worker.ref();
      target.waiting.set(id, { resolve, reject });
      target.worker.postMessage({ ...request, id });
    });
  }

  /** Sends and turns a failure reply into the error the caller would have got from better-sqlite3. */
  async request(request: Request, thread?: Thread): Promise<QueryResult<unknown>> {
    const reply = await this.#send(request, thread);
    if (!reply.ok) throw toError(reply.error);
    const rows = (reply.rows ?? []) as unknown[];
    if (reply.changes === undefined) return { rows };
    return {
      rows,
      numAffectedRows: BigInt(reply.changes),
      ...(reply.insertId === undefined ? {} : { insertId: BigInt(reply.insertId) }),
    };
  }

  /** A plain read on the main-thread reader, or undefined when the statement belongs to the writer. */
  read(query: CompiledQuery): QueryResult<unknown> | undefined {
    const reader = this.#reader;
    if (!reader || this.#closed) return undefined;
    let stmt = this.#routes.get(query.sql);
    if (stmt === undefined) {
      stmt = null;
      // PRAGMAs go to the writer: its settings are the ones that matter, and one that sets
      // something must not set it on the reader instead.
      if (!/^\s*pragma\b/i.test(query.sql)) {
        try {
          const prepared = reader.prepare(query.sql);
          if (prepared.readonly && prepared.reader) stmt = prepared;
        } catch {
          // Not preparable here (a table the reader's schema does not know yet, an error): the
          // writer prepares it again and answers with the real error.
        }
      }
      if (this.#routes.size >= 500) this.#routes.clear();
      this.#routes.set(query.sql, stmt);
    }
    if (!stmt) return undefined;
    return { rows: stmt.all(query.parameters as unknown[]) };
  }

  /** The thread a transaction begins on; none is started once the database is closed. */
  currentThread(): Thread {
    if (this.#closed) throw new Error('the database is closed');
    return this.#thread ?? this.#start();
  }

  nextTx(): number {
    return this.#nextTx++;
  }

  async stats(): Promise<SqliteWriterStats> {
    const { rows } = await this.request({ t: 'stats' });
    return rows[0] as SqliteWriterStats;
  }

  async terminateWriter(): Promise<void> {
    await this.#thread?.worker.terminate();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    // No lock: single statements from many callers are meant to meet in the writer's queue.
    return new WorkerConnection(this);
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as WorkerConnection).begin();
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as WorkerConnection).end('commit');
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as WorkerConnection).end('rollback');
  }

  async savepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`savepoint "${name}"`));
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`rollback to "${name}"`));
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`release "${name}"`));
  }

  async releaseConnection(): Promise<void> {}

  destroy(): Promise<void> {
    this.#destroying ??= this.#destroy();
    return this.#destroying;
  }

  async #destroy(): Promise<void> {
    // A statement the caller started just before closing reaches #send only some promise hops
    // later; one macrotask lets every such statement be sent, so it is committed, not refused.
    await new Promise((resolve) => setImmediate(resolve));
    this.#closed = true;
    this.#reader?.close();
    const thread = this.#thread;
    if (!thread || thread.dead) return;
    const exited = new Promise<void>((resolve) => thread.worker.once('exit', () => resolve()));
    // Queued behind every write sent so far: the thread commits and answers them, then exits.
    await this.#send({ t: 'close' }, thread).catch(() => {});
    await exited;
  }
}

/**
 * One kysely connection: nothing of its own outside a transaction (its statements join the
 * shared queue); inside one, the transaction's id, on the thread that began it.
 */
class WorkerConnection implements DatabaseConnection {
  readonly #driver: SqliteWorkerDriver;
  #tx: { id: number; thread: Thread } | undefined;

  constructor(driver: SqliteWorkerDriver) {
    this.#driver = driver;
  }

  async begin(): Promise<void> {
    const tx = { id: this.#driver.nextTx(), thread: this.#driver.currentThread() };
    this.#tx = tx;
    await this.#driver.request({ t: 'begin', tx: tx.id }, tx.thread);
  }

  async end(how: 'commit' | 'rollback'): Promise<void> {
    const tx = this.#tx;
    this.#tx = undefined;
    if (!tx) return;
    // The thread died with the transaction open: SQLite rolled it back when the thread's
    // connection closed, so there is nothing to roll back; a commit fails (#send).
    if (how === 'rollback' && tx.thread.dead) return;
    await this.#driver.request({ t: how, tx: tx.id }, tx.thread);
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const tx = this.#tx;
    if (tx) {
      return (await this.#driver.request(
        { t: 'run', sql: query.sql, params: query.parameters, tx: tx.id },
        tx.thread,
      )) as QueryResult<R>;
    }
    const read = this.#driver.read(query);
    if (read) return read as QueryResult<R>;
    return (await this.#driver.request({ t: 'run', sql: query.sql, params: query.parameters })) as QueryResult<R>;
  }

  // biome-ignore lint/correctness/useYield: streaming is not offered; kysely's stream() lands here.
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming queries are not supported by the SQLite writer-thread dialect');
  }
}

/** The error as better-sqlite3 would have thrown it here: a SqliteError with its code. */
function toError(error: Reply['error']): Error {
  const { name = 'Error', message = 'the database failed', code } = error ?? {};
  if (name === 'SqliteError' && code !== undefined) return new SqliteDatabase.SqliteError(message, code);
  const rebuilt = new Error(message);
  rebuilt.name = name;
  if (code !== undefined) Object.assign(rebuilt, { code });
  return rebuilt;
}
