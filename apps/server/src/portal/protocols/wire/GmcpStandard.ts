/**
 * `gmcp.mudstandards.org` (docs/telnet.md#gmcp-subprotocol), as Evennia's `GmcpStandardFormat`:
 * game text and prompts as UTF-8 ANSI in binary frames, OOB data as GMCP messages
 * (`Package.Name <json>`) in text frames, named as on telnet (`protocols/gmcp.ts`). Inbound,
 * a binary frame is a command line and a text frame a GMCP message (`Core.Text "look"` is a
 * command line too). An error goes both ways: a red line for the player, `Core.Error` with its
 * code for the client.
 */
import { type OutboundFrame, Subprotocol } from '@mud/protocol';
import { decodeGmcp, frameAsGmcp } from '../gmcp.js';
import { binary, terminalText } from './terminalText.js';
import { EncodeCache, inputOf, lineInput, type WireFormat, type WireInput, type WireMessage } from './WireFormat.js';

function render(frame: OutboundFrame): readonly WireMessage[] {
  switch (frame[0]) {
    case 'text':
    case 'prompt':
      return [binary(terminalText(frame) ?? '')];
    case 'error':
      return [binary(terminalText(frame) ?? ''), frameAsGmcp(frame)];
    case 'resume_token':
    case 'resumed':
      // Resume is the web client's (docs/telnet.md#resume-and-the-subprotocols).
      return [];
    default:
      return [frameAsGmcp(frame)];
  }
}

export class GmcpStandard implements WireFormat {
  readonly subprotocol = Subprotocol.GmcpStandard;
  readonly resumable = false;
  private readonly cache = new EncodeCache(render);

  encode(frame: OutboundFrame): readonly WireMessage[] {
    return this.cache.encode(frame);
  }

  decode(data: Buffer, isBinary: boolean): WireInput {
    if (isBinary) return lineInput(data);
    // A text frame: ws has checked it is UTF-8. A blank one is nothing, as in Evennia.
    const message = data.toString('utf8');
    return message.trim() === '' ? { kind: 'blank' } : inputOf(decodeGmcp(message));
  }
}
