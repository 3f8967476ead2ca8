/**
 * Tells the sender which inputs have been handled, once per turn: the cluster's game-server host
 * acknowledges an input's stream message only then, so an input whose game server died while
 * handling it is delivered again (docs/cluster.md#input). Inputs without an `id` (one machine)
 * cost nothing here.
 */
import type { ServerToPortal } from '@mud/protocol';

type Handled = Extract<ServerToPortal, { t: 'handled' }>;

export class HandledInputs {
  private ids: number[] = [];
  private scheduled = false;

  constructor(private readonly send: (message: Handled) => void) {}

  done(id: number | undefined): void {
    if (id === undefined) return;
    this.ids.push(id);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  /** Sends what is pending now (before the server's last word to its portal). */
  flush(): void {
    this.scheduled = false;
    if (this.ids.length === 0) return;
    const ids = this.ids;
    this.ids = [];
    this.send({ t: 'handled', ids });
  }
}
