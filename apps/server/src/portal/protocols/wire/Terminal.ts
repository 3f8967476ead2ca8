/**
 * `terminal.mudstandards.org` (docs/telnet.md#terminal): UTF-8 ANSI text both ways and nothing
 * else. Output goes in binary frames; input is read alike from binary and text frames, one
 * command line a message, as Evennia's `TerminalFormat` does. OOB frames (session state, the
 * character menu, a game's OOB commands) have no place here and are dropped; errors are shown as
 * red lines.
 */
import { type OutboundFrame, Subprotocol } from '@mud/protocol';
import { binary, terminalText } from './terminalText.js';
import { EncodeCache, lineInput, type WireFormat, type WireInput, type WireMessage } from './WireFormat.js';

export class Terminal implements WireFormat {
  readonly subprotocol = Subprotocol.Terminal;
  readonly resumable = false;
  private readonly cache = new EncodeCache((frame) => {
    const text = terminalText(frame);
    return text === undefined ? [] : [binary(text)];
  });

  encode(frame: OutboundFrame): readonly WireMessage[] {
    return this.cache.encode(frame);
  }

  /** Binary and text messages alike, as in Evennia. */
  decode(data: Buffer, _isBinary: boolean): WireInput {
    return lineInput(data);
  }
}
