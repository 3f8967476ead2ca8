import type { OutboundFrame } from '@mud/protocol';
import { ErrorCode } from '../protocol.js';

export type HandshakeStep =
  /** Keep waiting: the frame was held. */
  | { kind: 'held' }
  /** The portal moved our old session onto this connection: the held frames are dropped. */
  | { kind: 'resumed'; sessid: number }
  /**
   * The token was refused: the held frames (a fresh session's) are to be shown after all;
   * `message` is the portal's reason, when it gave one.
   */
  | { kind: 'refused'; held: OutboundFrame[]; message?: string };

/**
 * The client's half of a resume, as a pure state machine: after sending `resume` as the first
 * frame of a new connection, the portal first greets the connection as a new, provisional session
 * (connection screen, `session`, `resume_token`) and only then answers. Until the answer, frames
 * are held; `resumed` means the provisional session was discarded, so are its frames; an
 * `E_RESUME_FAILED` error (or any error about the `resume` input) means the provisional session
 * is ours, so its frames are released in order.
 */
export class ResumeHandshake {
  private readonly held: OutboundFrame[] = [];

  /** @param maxHeld A provisional session is a connection screen; a bound keeps memory safe. */
  constructor(private readonly maxHeld = 500) {}

  offer(frame: OutboundFrame): HandshakeStep {
    switch (frame[0]) {
      case 'resumed':
        this.held.length = 0;
        return { kind: 'resumed', sessid: frame[2].sessid };
      case 'error':
        if (frame[2].code === ErrorCode.ResumeFailed || frame[2].input === 'resume') {
          return { ...this.refuse(), message: frame[1][0] };
        }
        break;
    }
    this.held.push(frame);
    if (this.held.length > this.maxHeld) this.held.shift();
    return { kind: 'held' };
  }

  /** No answer came in time: treat it as refused. */
  refuse(): { kind: 'refused'; held: OutboundFrame[] } {
    return { kind: 'refused', held: this.held.splice(0) };
  }
}
