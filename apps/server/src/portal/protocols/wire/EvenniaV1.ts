/**
 * `v1.evennia.com` (docs/protocol.md#the-websocket): every frame a JSON text frame
 * `[cmdname, args[], kwargs{}]`, the web client's format and the default. The hot path: a frame
 * sent to a room is stringified once for every reader (`FrameEncoder`).
 */
import { decodeInbound, ErrorCode, type OutboundFrame, Subprotocol } from '@mud/protocol';
import { FrameEncoder } from '../FrameEncoder.js';
import { EncodeCache, inputOf, refused, type WireFormat, type WireInput, type WireMessage } from './WireFormat.js';

export class EvenniaV1 implements WireFormat {
  readonly subprotocol = Subprotocol.EvenniaV1;
  readonly resumable = true;

  /** The message lists too are made once per frame, not once per reader. */
  private readonly cache: EncodeCache;

  /** `encoder` is shared with the portal's other v1 sessions. */
  constructor(encoder = new FrameEncoder()) {
    this.cache = new EncodeCache((frame) => [encoder.encode(frame)]);
  }

  encode(frame: OutboundFrame): readonly WireMessage[] {
    return this.cache.encode(frame);
  }

  decode(data: Buffer, isBinary: boolean): WireInput {
    if (isBinary) return refused(ErrorCode.MalformedFrame, 'Binary frames are not accepted; send JSON text frames.');
    // ws has checked that a text frame is UTF-8 (close 1007 otherwise).
    return inputOf(decodeInbound(data.toString('utf8')));
  }
}
