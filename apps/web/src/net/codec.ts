import { type InboundFrame, type OutboundFrame, outboundDecoder } from '@mud/protocol';
import { outboundFrameSchema } from '../protocol.js';

/**
 * The `v1.evennia.com` codec (docs/protocol.md#the-websocket): JSON text frames `[cmdname, args[], kwargs{}]`. Frames
 * from the portal are untrusted input, checked by the protocol's one decoder against its schema
 * (as JSON data in the production build; see `protocol.ts`).
 */
export const decodeOutbound = outboundDecoder<OutboundFrame>(outboundFrameSchema);

export function encodeInbound(frame: InboundFrame): string {
  return JSON.stringify(frame);
}
