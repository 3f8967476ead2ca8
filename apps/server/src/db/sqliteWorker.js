/**
 * The SQLite writer thread behind sqliteWorkerDialect.ts (docs/architecture.md#the-database): it
 * owns the one connection that writes, so a commit's fsync blocks this thread, never the game's
 * event loop.
 *
 * Group commit: messages that arrive while a commit is in flight wait in the port; the next
 * round takes every single statement waiting and runs them in ONE `BEGIN IMMEDIATE ... COMMIT`
 * (one fsync for all of them), each in its own SAVEPOINT so a failing one (a taken name's UNIQUE
 * violation) is undone and fails alone. Nobody is answered before the COMMIT that holds their
 * statement returned, so an answered write is on disk (synchronous = FULL).
 *
 * An explicit transaction (`begin` ... `commit`/`rollback`, a kysely `transaction()`) is its own
 * unit: while it is open only its statements run, and single statements wait for it to end, so
 * it never sees or swallows another caller's writes.
 *
 * Plain JavaScript on purpose: a worker thread gets neither tsx's nor vitest's loader, so it
 * must be a file Node runs as it is.
 */
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

/** @type {{ file: string }} */
const { file } = workerData;
const port = /** @type {import('node:worker_threads').MessagePort} */ (parentPort);

const db = new Database(file);
// First, so the pragmas below (switching to WAL takes a lock) wait for another connection
// (a backup, an admin shell) instead of failing at once with SQLITE_BUSY; BEGIN IMMEDIATE waits
// as long for another process's write lock.
db.pragma('busy_timeout = 5000');
// WAL: readers (the game's main-thread reader) never block this writer and vice versa, and a
// commit is one append to the log. An in-memory database reports 'memory' here.
db.pragma('journal_mode = WAL');
// FULL, not the usual WAL pairing NORMAL: with NORMAL the WAL is fsynced only at checkpoints,
// so a commit that was answered (a new account, a changed password) can vanish after a power
// loss or OS crash; FULL fsyncs the WAL on every commit (https://sqlite.org/pragma.html
// #pragma_synchronous). Group commit is what makes that affordable under load.
db.pragma('synchronous = FULL');
// SQLite leaves foreign keys off by default, per connection; without this the
// characters -> accounts cascade would silently not happen.
db.pragma('foreign_keys = ON');

// IMMEDIATE: the write lock is taken at BEGIN, so a statement in the group never has to upgrade
// a read lock (which can fail at once with SQLITE_BUSY instead of waiting).
const begin = db.prepare('begin immediate');
const commit = db.prepare('commit');
const rollback = db.prepare('rollback');
const savepoint = db.prepare('savepoint one_statement');
const rollbackTo = db.prepare('rollback to one_statement');
const release = db.prepare('release one_statement');

/** The repositories use a few dozen distinct statements; preparing each once saves its parse. */
const statements = new Map();
function prepare(sql) {
  let stmt = statements.get(sql);
  if (!stmt) {
    if (statements.size >= 500) statements.clear();
    stmt = db.prepare(sql);
    statements.set(sql, stmt);
  }
  return stmt;
}

/** Runs one statement as kysely's own SqliteDriver would, returning what travels back. */
function execute(message) {
  const stmt = prepare(message.sql);
  if (stmt.reader) return { rows: stmt.all(message.params) };
  const { changes, lastInsertRowid } = stmt.run(message.params);
  return { rows: [], changes, insertId: lastInsertRowid };
}

function failure(id, error) {
  const { name, message, code } = /** @type {{ name?: string, message?: string, code?: unknown }} */ (error ?? {});
  return {
    id,
    ok: false,
    error: {
      name: String(name ?? 'Error'),
      message: String(message ?? error),
      code: typeof code === 'string' ? code : undefined,
    },
  };
}

/** Messages received and not yet handled, in arrival order. */
let queue = [];
/** The id of the explicit transaction now open, if any. */
let openTx;
let commits = 0;
let executed = 0;
let scheduled = false;

port.on('message', (message) => {
  queue.push(message);
  if (!scheduled) {
    scheduled = true;
    setImmediate(work);
  }
});

/** Takes everything already waiting in the port, so one round sees every write that queued up. */
function drain() {
  for (let got = receiveMessageOnPort(port); got; got = receiveMessageOnPort(port)) queue.push(got.message);
}

function work() {
  scheduled = false;
  for (;;) {
    drain();
    if (openTx !== undefined) {
      // Only the open transaction's statements (and answers to ones that are over) may run.
      const index = queue.findIndex((m) => m.tx !== undefined && m.t !== 'begin');
      if (index < 0) return; // its next statement has not arrived yet
      const [message] = queue.splice(index, 1);
      if (message.tx === openTx) inTransaction(message);
      else stale(message);
      continue;
    }
    const head = queue[0];
    if (!head) return;
    if (head.t === 'run' && head.tx === undefined) {
      let end = 1;
      while (end < queue.length && queue[end].t === 'run' && queue[end].tx === undefined) end += 1;
      const group = queue.slice(0, end);
      queue = queue.slice(end);
      runGroup(group);
      continue;
    }
    queue.shift();
    if (head.t === 'begin') {
      try {
        begin.run();
        openTx = head.tx;
        port.postMessage({ t: 'replies', list: [{ id: head.id, ok: true, rows: [] }] });
      } catch (error) {
        port.postMessage({ t: 'replies', list: [failure(head.id, error)] });
      }
    } else if (head.t === 'stats') {
      port.postMessage({ t: 'replies', list: [{ id: head.id, ok: true, rows: [{ commits, statements: executed }] }] });
    } else if (head.t === 'close') {
      // Everything sent before close has been answered (it was ahead in the queue, or it was an
      // open transaction's, which close waited for): closing checkpoints the WAL into the file.
      db.close();
      port.postMessage({ t: 'closed' });
      port.close();
      return;
    } else {
      stale(head);
    }
  }
}

/**
 * A message of a transaction that is over: its BEGIN failed, or its COMMIT failed and kysely
 * rolls back. A rollback of it is done already; anything else is refused.
 */
function stale(message) {
  port.postMessage({
    t: 'replies',
    list: [
      message.t === 'rollback'
        ? { id: message.id, ok: true, rows: [] }
        : failure(message.id, new Error('the transaction is no longer open')),
    ],
  });
}

function inTransaction(message) {
  let reply;
  try {
    if (message.t === 'run') {
      reply = { id: message.id, ok: true, ...execute(message) };
      executed += 1;
    } else if (message.t === 'commit') {
      openTx = undefined;
      commit.run();
      commits += 1;
      reply = { id: message.id, ok: true, rows: [] };
    } else {
      openTx = undefined;
      if (db.inTransaction) rollback.run();
      reply = { id: message.id, ok: true, rows: [] };
    }
  } catch (error) {
    // A failed COMMIT leaves the transaction open (SQLITE_BUSY) or gone (an I/O error): undo it
    // either way; kysely's rollback that follows is answered by stale().
    if (message.t !== 'run' && db.inTransaction) rollback.run();
    reply = failure(message.id, error);
  }
  port.postMessage({ t: 'replies', list: [reply] });
}

/** One transaction for the whole group; each statement in its own savepoint. */
function runGroup(group) {
  const replies = [];
  try {
    begin.run();
  } catch (error) {
    for (const message of group) replies.push(failure(message.id, error));
    port.postMessage({ t: 'replies', list: replies });
    return;
  }
  const done = [];
  for (let i = 0; i < group.length; i++) {
    const message = group[i];
    savepoint.run();
    try {
      done.push({ message, result: execute(message) });
      release.run();
    } catch (error) {
      replies.push(failure(message.id, error));
      if (!db.inTransaction) {
        // Some errors (SQLITE_FULL, an I/O error) make SQLite roll the whole transaction back:
        // the statements before this one were undone too. They and the rest go again, first.
        queue = [...done.map((d) => d.message), ...group.slice(i + 1), ...queue];
        port.postMessage({ t: 'replies', list: replies });
        return;
      }
      rollbackTo.run();
      release.run();
    }
  }
  try {
    commit.run();
    commits += 1;
    executed += done.length;
    for (const { message, result } of done) replies.push({ id: message.id, ok: true, ...result });
  } catch (error) {
    if (db.inTransaction) rollback.run();
    for (const { message } of done) replies.push(failure(message.id, error));
  }
  port.postMessage({ t: 'replies', list: replies });
}

port.postMessage({ t: 'ready' });
