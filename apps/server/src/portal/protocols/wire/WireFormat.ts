/**
 * A websocket subprotocol's wire format (docs/telnet.md#mud-standards-websocket-subprotocols):
 * how the portal's frames become websocket messages and how a client's messages become input
 * frames. `WebSocketSession` keeps one and leaves everything else (buffering, resume, chatter,
 * the output cap, the input rate) to itself, so every subprotocol shares that logic.
 *
 * Every input a format reads ends in `decodeInbound` (directly or through `decodeGmcp`), so a
 * line typed in a terminal and a GMCP message meet the same limits as a JSON frame.
 */
import {
  type DecodeResult,
  decodeInbound,
  ErrorCode,
  type Failure,
  fail,
  type InboundFrame,
  type OutboundFrame,
  type Subprotocol,
} from '@mud/protocol';
import type { RawData } from 'ws';

/** One websocket message: a string goes out as a text frame, a Buffer as a binary frame. */
export type WireMessage = string | Buffer;

/** What one message from the client amounts to. */
export type WireInput =
  | { kind: 'frame'; frame: InboundFrame }
  /** Refused, with a code and a reason for the player. */
  | { kind: 'refused'; failure: Failure }
  /** Nothing to do: a blank line. */
  | { kind: 'blank' }
  /** The client asks to close the connection (a JSON envelope's `websocket_close`). */
  | { kind: 'close' };

export interface WireFormat {
  readonly subprotocol: Subprotocol;
  /**
   * Whether a session on this format can be resumed from a new connection: the format carries
   * `resume_token` out and `resume` in. Sessions on other formats end when their connection drops.
   */
  readonly resumable: boolean;
  /** The messages a frame goes out as; none for a frame the format cannot express. */
  encode(frame: OutboundFrame): readonly WireMessage[];
  /** One message from the client. */
  decode(data: Buffer, isBinary: boolean): WireInput;
}

export const inputOf = (result: DecodeResult): WireInput =>
  result.ok ? { kind: 'frame', frame: result.value } : { kind: 'refused', failure: result };

export const refused = (code: ErrorCode, reason: string): WireInput => ({
  kind: 'refused',
  failure: fail(code, reason),
});

/** A message's payload as one Buffer, however ws delivered it. */
export function messageBytes(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  return Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The message's text, or undefined when it is not UTF-8 (ws checks text frames; binary ones are ours). */
export function utf8Text(data: Buffer): string | undefined {
  try {
    return utf8.decode(data);
  } catch {
    return undefined;
  }
}

export const NOT_UTF8 = 'Input must be UTF-8 text.';

/**
 * A typed line (a MUD Standards text message, Evennia's reading): trimmed, a blank one ignored,
 * otherwise the `text` frame a JSON client would send, through the same checks.
 */
export function lineInput(data: Buffer): WireInput {
  const text = utf8Text(data);
  if (text === undefined) return refused(ErrorCode.MalformedFrame, NOT_UTF8);
  return commandInput(text.trim());
}

/** A command line as the `text` input, checked by `decodeInbound`; blank when empty. */
export function commandInput(line: string): WireInput {
  if (line === '') return { kind: 'blank' };
  return inputOf(decodeInbound(JSON.stringify(['text', [line], {}])));
}

/**
 * Output encoded once however many sessions it goes to, as `FrameEncoder` does for JSON frames:
 * the game server sends a room's message as one batch, the same frame object for every reader.
 */
export class EncodeCache {
  private readonly messages = new WeakMap<OutboundFrame, readonly WireMessage[]>();

  constructor(private readonly render: (frame: OutboundFrame) => readonly WireMessage[]) {}

  encode(frame: OutboundFrame): readonly WireMessage[] {
    let messages = this.messages.get(frame);
    if (messages === undefined) {
      messages = this.render(frame);
      this.messages.set(frame, messages);
    }
    return messages;
  }
}
