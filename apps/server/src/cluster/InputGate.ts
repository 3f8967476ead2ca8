/**
 * The host's door between the input stream and the game server (docs/cluster.md#input). A stream
 * message is acknowledged only once the game server has handled it: while no game server takes
 * input (a reload's hand-over, a crash) messages wait here in stream order, and those a game
 * server received but never finished (it died) are given to the next one first. A redelivered
 * message that is already here is not run twice.
 */

import type { PortalToServer } from '@mud/protocol';
import type { JsMsg } from '@nats-io/jetstream';

type Input = Extract<PortalToServer, { t: 'input' }>;

interface Entry {
  readonly message: Input;
  readonly js: JsMsg;
  readonly at: number;
}

/** Waiting for a game server: an input (acknowledged once handled) or a connect or disconnect. */
type Waiting = Entry | { readonly message: Exclude<PortalToServer, Input>; readonly js?: undefined };

/** Held or in-flight input this old is told to NATS as still being worked on. */
const WORKING_MS = 10_000;

export class InputGate {
  /** Sent to the game server, not yet reported handled, by the id sent with it. */
  private readonly inflight = new Map<number, Entry>();
  /** Waiting for a game server that takes input, in stream order. */
  private held: Waiting[] = [];
  /** Stream sequences here now, held or in flight. */
  private readonly present = new Set<number>();

  constructor(
    private readonly game: { readonly accepting: boolean; send(message: PortalToServer): void },
    /** Called once the game server has handled the input with this stream sequence. */
    private readonly onHandled: (sessid: number, seq: number) => void,
  ) {}

  /** Whether this stream message is already here (a redelivery while it waits or runs). */
  has(js: JsMsg): boolean {
    return this.present.has(js.seq);
  }

  /** An input from the stream, in stream order. */
  input(sessid: number, frame: Input['frame'], js: JsMsg): void {
    const entry: Entry = { message: { t: 'input', sessid, frame, id: js.seq }, js, at: Date.now() };
    this.present.add(js.seq);
    if (this.game.accepting && this.held.length === 0) this.deliver(entry);
    else this.held.push(entry);
  }

  /**
   * A connect or disconnect, in order with the inputs around it: it waits behind them when they
   * wait. (A session whose connect waits is not restored: `waitingConnects`.)
   */
  other(message: Exclude<PortalToServer, Input>): void {
    if (this.game.accepting && this.held.length === 0) this.game.send(message);
    else this.held.push({ message });
  }

  /** Sessions whose connect has not reached a game server yet. */
  waitingConnects(): Set<number> {
    const sessids = new Set<number>();
    for (const { message } of this.held) if (message.t === 'connect') sessids.add(message.session.sessid);
    return sessids;
  }

  private deliver(entry: Entry): void {
    this.inflight.set(entry.js.seq, entry);
    this.game.send(entry.message);
  }

  /** The game server's `handled` report. */
  handled(ids: readonly number[]): void {
    for (const id of ids) {
      const entry = this.inflight.get(id);
      if (!entry) continue;
      this.inflight.delete(id);
      this.present.delete(id);
      entry.js.ack();
      this.onHandled(entry.message.sessid, id);
    }
  }

  /**
   * A game server is being handed the sessions: what its predecessor received but did not finish,
   * then what waited, in stream order. They count as in flight from now on.
   */
  release(): PortalToServer[] {
    const unfinished = [...this.inflight.values()].sort((a, b) => a.js.seq - b.js.seq);
    const all: Waiting[] = [...unfinished, ...this.held];
    this.held = [];
    for (const entry of all) if (entry.js) this.inflight.set(entry.js.seq, entry);
    return all.map((entry) => entry.message);
  }

  /** Messages handed over but still being worked on keep their claim on the stream. */
  keepAlive(): void {
    const now = Date.now();
    for (const entry of [...this.inflight.values(), ...this.held]) {
      if (entry.js && now - entry.at > WORKING_MS) entry.js.working();
    }
  }

  /** A session ended: what it still had waiting is dropped (and acknowledged). */
  forget(sessid: number): void {
    this.held = this.held.filter((entry) => {
      if (!entry.js || entry.message.sessid !== sessid) return true;
      this.present.delete(entry.js.seq);
      entry.js.ack();
      return false;
    });
  }

  get size(): number {
    return this.inflight.size + this.held.length;
  }
}
