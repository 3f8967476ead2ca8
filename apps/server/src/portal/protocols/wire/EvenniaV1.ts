/**
 * `v1.evennia.com` (docs/protocol.md#the-websocket): every frame a JSON text frame
 * `[cmdname, args[], kwargs{}]`, the web client's format and the default. The hot path: a frame
 * sent to a room is stringified once for every reader (`FrameEncoder`).
 */
import { decodeInbound, ErrorCode, type OutboundFrame, Subprotocol } from '@mud/protocol';
import { FrameEncoder } from '../FrameEncoder.js';
import { inputOf, refused, type WireFormat, type WireInput, type WireMessage } from './WireFormat.js';

export class EvenniaV1 implements WireFormat {
  readonly subprotocol = Subprotocol.EvenniaV1;
  readonly resumable = true;

  /** `encoder` is shared with the portal's other v1 sessions. */
  constructor(private readonly encoder = new FrameEncoder()) {}

  encode(frame: OutboundFrame): readonly WireMessage[] {
    return [this.encoder.encode(frame)];
  }

  decode(data: Buffer, isBinary: boolean): WireInput {
    if (isBinary) return refused(ErrorCode.MalformedFrame, 'Binary frames are not accepted; send JSON text frames.');
    // ws has checked that a text frame is UTF-8 (close 1007 otherwise).
    return inputOf(decodeInbound(data.toString('utf8')));
  }
}
