import type { InboundFrame, OutboundFrame } from '@mud/protocol';
import { outboundFrameSchema } from '../protocol.js';
import { compileSchema } from './schemaCheck.js';

/**
 * The `v1.evennia.com` codec (SPEC §6): JSON text frames `[cmdname, args[], kwargs{}]`. Frames
 * from the portal are untrusted input and checked against the protocol's schema; built once,
 * immutable.
 */
const isOutboundFrame = compileSchema(outboundFrameSchema);

/** Parses one frame from the portal; null for anything that is not JSON or not in the schema. */
export function decodeOutbound(raw: string): OutboundFrame | null {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  return isOutboundFrame(value) ? (value as OutboundFrame) : null;
}

export function encodeInbound(frame: InboundFrame): string {
  return JSON.stringify(frame);
}
