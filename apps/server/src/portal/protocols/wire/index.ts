/**
 * The websocket's wire formats, one per subprotocol, and the server's choice among those a
 * client offers (docs/telnet.md#mud-standards-websocket-subprotocols).
 */
import { SUBPROTOCOL_PREFERENCE, type Subprotocol } from '@mud/protocol';
import type { FrameEncoder } from '../FrameEncoder.js';
import { EvenniaV1 } from './EvenniaV1.js';
import { GmcpStandard } from './GmcpStandard.js';
import { JsonStandard } from './JsonStandard.js';
import { Terminal } from './Terminal.js';
import type { WireFormat } from './WireFormat.js';

export type { WireFormat, WireInput, WireMessage } from './WireFormat.js';

/**
 * The subprotocol to answer a handshake with: the first of Evennia's order the client offered.
 * False when it offered none of them: the handshake then names none (RFC 6455 lets the server
 * agree to none, never to one that was not offered) and the connection speaks v1.evennia.com.
 */
export function chooseSubprotocol(offered: ReadonlySet<string>): Subprotocol | false {
  return SUBPROTOCOL_PREFERENCE.find((name) => offered.has(name)) ?? false;
}

/** One portal's wire formats: each encodes a frame once for all of its sessions. */
export class WireFormats {
  private readonly formats: ReadonlyMap<string, WireFormat>;
  private readonly v1: WireFormat;

  constructor(encoder?: FrameEncoder) {
    this.v1 = new EvenniaV1(encoder);
    this.formats = new Map<string, WireFormat>(
      [this.v1, new JsonStandard(), new GmcpStandard(), new Terminal()].map((format) => [format.subprotocol, format]),
    );
  }

  /** The format of a socket's negotiated subprotocol (ws's `protocol`, empty when none). */
  for(subprotocol: string): WireFormat {
    return this.formats.get(subprotocol) ?? this.v1;
  }
}
