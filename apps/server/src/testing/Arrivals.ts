/**
 * What the test clients share (TestClient, WireClient, TelnetTestClient, the SSH player): waiting
 * until a condition holds over what a connection has received — woken by each arrival, never by
 * a fixed sleep — and opening a websocket.
 */
import type WebSocket from 'ws';

export class Arrivals {
  private readonly waiters: (() => void)[] = [];

  /** Something arrived (or the connection closed): every wait checks its condition again. */
  notify(): void {
    for (const wake of this.waiters.splice(0)) wake();
  }

  /**
   * Resolves with `predicate`'s value once it is truthy; rejects after `timeoutMs` with `what`
   * and `shown()` (what the connection received). `pollMs`: also check that often, for
   * conditions on anything besides arrivals.
   */
  async until<T>(
    predicate: () => T | undefined | false,
    what: string,
    shown: () => string,
    timeoutMs = 30_000,
    pollMs?: number,
  ): Promise<T> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const value = predicate();
      if (value) return value;
      const left = until - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}; got:\n${shown()}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollMs === undefined ? left : Math.min(left, pollMs));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}

/** Resolves once `socket` is open; rejects with the status when the handshake is refused. */
export function opened(socket: WebSocket): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
    socket.once('unexpected-response', (_req, res) => reject(new Error(`handshake refused: ${res.statusCode}`)));
  });
}
