/**
 * The connections a load session can run over: a websocket speaking `v1.evennia.com`, or a raw
 * telnet connection (TelnetClient.ts). Both take typed lines and close the same way.
 */
import WebSocket from 'ws';
import type { TelnetClient } from './TelnetClient.js';

/** How a session's lines travel: websocket frames (`v1.evennia.com`) or telnet text lines. */
export type WireKind = 'ws' | 'telnet';

/** The connection under a session. */
export interface Wire {
  readonly kind: WireKind;
  readonly open: boolean;
  /** Types one line of input. */
  send(line: string): void;
  /** Closes cleanly; resolves once closed (forcibly after `timeoutMs`). */
  close(timeoutMs: number): Promise<void>;
}

/** A websocket as a wire: each line is a `["text", [line], {}]` frame. */
export class WsWire implements Wire {
  readonly kind = 'ws';
  constructor(readonly ws: WebSocket) {}

  get open(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  send(line: string): void {
    this.ws.send(JSON.stringify(['text', [line], {}]));
  }

  close(timeoutMs: number): Promise<void> {
    const ws = this.ws;
    if (ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        ws.terminate();
        resolve();
      }, timeoutMs);
      ws.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      ws.close(1000);
    });
  }
}

/** A telnet connection as a wire: lines go out as they are, CRLF-terminated. */
export class TelnetWire implements Wire {
  readonly kind = 'telnet';
  constructor(readonly client: TelnetClient) {}

  get open(): boolean {
    return this.client.open;
  }

  send(line: string): void {
    this.client.send(line);
  }

  close(timeoutMs: number): Promise<void> {
    return this.client.close(timeoutMs);
  }
}
