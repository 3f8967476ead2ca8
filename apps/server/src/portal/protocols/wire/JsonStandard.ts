/**
 * `json.mudstandards.org` (docs/telnet.md#json-subprotocol), as Evennia's `JsonStandardFormat`:
 * game text as UTF-8 ANSI in binary frames; everything else in text frames as a JSON envelope
 * `{"proto", "id", "data"}`: OOB data as `{"proto": "gmcp", "id": "Package.Name", "data":
 * "<json>"}`, prompts as `{"proto": "prompt", "id": "", "data": "<ansi>"}`. Inbound, a binary
 * frame is a command line; an envelope is GMCP (`proto` `gmcp`), a command line (`text`), a
 * request to close (`websocket_close`), or any other input named by `id` (else `proto`) with
 * `data` as its payload. An error goes both ways: a red line and a `Core.Error` envelope.
 */
import { ErrorCode, Limits, type OutboundFrame, Subprotocol } from '@mud/protocol';
import { decodeGmcp, decodeOob, frameAsGmcp, splitGmcp } from '../gmcp.js';
import { binary, terminalText } from './terminalText.js';
import {
  commandInput,
  EncodeCache,
  inputOf,
  lineInput,
  refused,
  type WireFormat,
  type WireInput,
  type WireMessage,
} from './WireFormat.js';

const NOT_AN_ENVELOPE = 'A text frame must be a JSON envelope {"proto": "...", "id": "...", "data": "..."}.';

const envelope = (proto: string, id: string, data: string) => JSON.stringify({ proto, id, data });

function asGmcpEnvelope(frame: OutboundFrame): string {
  const { name, payload } = splitGmcp(frameAsGmcp(frame));
  return envelope('gmcp', name, payload);
}

function render(frame: OutboundFrame): readonly WireMessage[] {
  switch (frame[0]) {
    case 'text':
      return [binary(terminalText(frame) ?? '')];
    case 'prompt':
      return [envelope('prompt', '', frame[1][0])];
    case 'error':
      return [binary(terminalText(frame) ?? ''), asGmcpEnvelope(frame)];
    case 'resume_token':
    case 'resumed':
      // Resume is the web client's (docs/telnet.md#resume-and-the-subprotocols).
      return [];
    default:
      return [asGmcpEnvelope(frame)];
  }
}

/**
 * Whether JSON text nests deeper than `max` (strings skipped), checked before `JSON.parse`, whose
 * cost grows steeply with nesting (as `decodeInbound` does for its frames).
 */
export function nestsDeeperThan(raw: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/** An envelope's `id`: Evennia takes a scalar as its text. */
function idOf(value: unknown): string | undefined {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function decodeEnvelope(raw: string): WireInput {
  // The envelope itself and what a `data` given as JSON rather than a string may hold.
  if (nestsDeeperThan(raw, Limits.frameDepth))
    return refused(ErrorCode.MalformedFrame, 'Envelope is nested too deeply.');
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return refused(ErrorCode.MalformedFrame, NOT_AN_ENVELOPE);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return refused(ErrorCode.MalformedFrame, NOT_AN_ENVELOPE);
  }
  const fields = parsed as Record<string, unknown>;
  const proto = fields.proto ?? '';
  const id = idOf(fields.id);
  const rawData = fields.data ?? '';
  if (typeof proto !== 'string' || id === undefined) return refused(ErrorCode.MalformedFrame, NOT_AN_ENVELOPE);
  const data = typeof rawData === 'string' ? rawData : JSON.stringify(rawData);
  switch (proto) {
    case 'gmcp': {
      const name = id.trim();
      if (name === '') return refused(ErrorCode.MalformedFrame, 'A gmcp envelope names its package in "id".');
      return inputOf(decodeGmcp(data === '' ? name : `${name} ${data}`));
    }
    case 'text':
      return commandInput(data);
    case 'websocket_close':
      return { kind: 'close' };
    default: {
      const name = id === '' ? proto : id;
      if (name === '') return refused(ErrorCode.MalformedFrame, NOT_AN_ENVELOPE);
      return inputOf(decodeOob(name, data.trim()));
    }
  }
}

export class JsonStandard implements WireFormat {
  readonly subprotocol = Subprotocol.JsonStandard;
  readonly resumable = false;
  private readonly cache = new EncodeCache(render);

  encode(frame: OutboundFrame): readonly WireMessage[] {
    return this.cache.encode(frame);
  }

  decode(data: Buffer, isBinary: boolean): WireInput {
    if (isBinary) return lineInput(data);
    // A text frame: ws has checked it is UTF-8.
    return decodeEnvelope(data.toString('utf8'));
  }
}
