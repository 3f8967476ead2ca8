/**
 * The password-hashing thread (passwords.ts): argon2id, synchronously, on a thread of its own
 * that has lowered its own scheduling priority. A login storm's hashes then use what CPU the
 * players' work leaves, instead of taking a core from under the event loops of the portal and
 * the game server (issue 17: others' p99 during a 200-login storm). Plain JavaScript: a worker
 * thread gets neither tsx's nor Vitest's loader.
 */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { hashSync, verifySync } from '@node-rs/argon2';

/**
 * Lowers this thread's priority to `nice`; returns its thread id, or null where that is not
 * possible (not Linux). `/proc/thread-self` is this thread's `/proc/<pid>/task/<tid>`, and on
 * Linux a nice value belongs to the thread, so the rest of the process keeps its own.
 */
function lowerPriority(nice) {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    setPriority(tid, nice);
    return tid;
  } catch {
    return null;
  }
}

const tid = lowerPriority(workerData.nice);
parentPort.postMessage({ t: 'ready', tid });

parentPort.on('message', (job) => {
  let reply;
  try {
    const value = job.op === 'hash' ? hashSync(job.password, workerData.options) : verifySync(job.hash, job.password);
    reply = { t: 'done', id: job.id, ok: true, value };
  } catch (err) {
    // Never the password: only argon2's own message (a malformed hash, say).
    reply = { t: 'done', id: job.id, ok: false, error: String(err?.message ?? err) };
  }
  parentPort.postMessage(reply);
});
