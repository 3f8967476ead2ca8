/**
 * GMCP (`Package.Name <json>`), shared by telnet's GMCP option and the websocket's
 * `gmcp.mudstandards.org` subprotocol (docs/telnet.md#gmcp). Names follow Evennia's rule: an
 * OOB command `foo_bar` is `Foo.Bar`, a bare `foo` is `Core.Foo`, and a few names have a
 * standard package of their own (`client_options` is `Core.Supports.Get`).
 *
 * Inbound messages become the same frames a websocket client sends, checked by the same
 * `decodeInbound` (its depth, size and schema limits), so GMCP reaches the game with nothing a
 * JSON frame could not carry.
 */
import { type DecodeResult, decodeInbound, type OutboundFrame } from '@mud/protocol';

/** Evennia's names with a standard GMCP package (Evennia's `EVENNIA_TO_GMCP`). */
const TO_GMCP: Readonly<Record<string, string>> = {
  client_options: 'Core.Supports.Get',
  get_inputfuncs: 'Core.Commands.Get',
  get_value: 'Char.Value.Get',
  repeat: 'Char.Repeat.Update',
  monitor: 'Char.Monitor.Update',
};
const FROM_GMCP: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(TO_GMCP).map(([name, gmcp]) => [gmcp, name]),
);

const capitalise = (word: string) => (word.length === 0 ? word : word[0]?.toUpperCase() + word.slice(1).toLowerCase());

/** An OOB command's GMCP package name: `foo_bar` → `Foo.Bar`, `foo` → `Core.Foo`. */
export function gmcpName(name: string): string {
  const mapped = TO_GMCP[name];
  if (mapped) return mapped;
  if (name.includes('_')) {
    return name
      .split('_')
      .map((word) => (word === word.toUpperCase() ? word : capitalise(word)))
      .join('.');
  }
  return `Core.${capitalise(name)}`;
}

/** A GMCP package name's OOB command: `Foo.Bar` → `foo_bar`, `Core.Foo` → `foo`. */
export function oobName(gmcp: string): string {
  const mapped = FROM_GMCP[gmcp];
  if (mapped) return mapped;
  const name = gmcp.replaceAll('.', '_');
  return (name.toLowerCase().startsWith('core_') ? name.slice(5) : name).toLowerCase();
}

/**
 * One GMCP message from an OOB command, as Evennia encodes it: no payload without arguments, one
 * argument bare, several as a list, kwargs alone as an object, both as `[args, kwargs]`.
 */
export function encodeGmcp(name: string, args: readonly unknown[], kwargs: Readonly<Record<string, unknown>>): string {
  const gmcp = gmcpName(name);
  const hasKwargs = Object.keys(kwargs).length > 0;
  if (args.length === 0 && !hasKwargs) return gmcp;
  if (args.length === 0) return `${gmcp} ${JSON.stringify(kwargs)}`;
  const positional = args.length === 1 ? args[0] : args;
  return `${gmcp} ${JSON.stringify(hasKwargs ? [positional, kwargs] : positional)}`;
}

/**
 * A frame for a client that takes OOB data as GMCP: every frame but game text and prompts.
 * `oob` frames carry their command's own name (`["oob", [name, args], kwargs]`).
 */
export function frameAsGmcp(frame: OutboundFrame): string {
  if (frame[0] === 'oob') {
    const [name, args] = frame[1];
    return encodeGmcp(name, args, frame[2]);
  }
  return encodeGmcp(frame[0], frame[1], frame[2]);
}

/** A GMCP message split into its package name and payload text (empty when it has none). */
export function splitGmcp(message: string): { name: string; payload: string } {
  const trimmed = message.replace(/^\s+/, '');
  const space = trimmed.search(/\s/);
  if (space < 0) return { name: trimmed, payload: '' };
  return { name: trimmed.slice(0, space), payload: trimmed.slice(space + 1).trim() };
}

/**
 * An inbound GMCP message as the frame a websocket client would send (`Core.Text "look"` is
 * `["text", ["look"], {}]`), checked by `decodeInbound`. Evennia's reading of the payload: an
 * object is kwargs, a list is args, any other JSON value or plain text one argument.
 */
export function decodeGmcp(message: string): DecodeResult {
  const { name, payload } = splitGmcp(message);
  return decodeOob(oobName(name), payload);
}

/**
 * An input named `name` with a GMCP-style payload (the reading above), as the frame a websocket
 * client would send, checked by `decodeInbound`. The JSON envelopes of `json.mudstandards.org`
 * that are not GMCP carry their input this way.
 */
export function decodeOob(name: string, payload: string): DecodeResult {
  const command = JSON.stringify(name);
  const first = payload[0];
  let raw: string;
  if (first === undefined) raw = `[${command},[],{}]`;
  else if (first === '{') raw = `[${command},[],${payload}]`;
  else if (first === '[') raw = `[${command},${payload},{}]`;
  else raw = `[${command},[${isJsonScalar(payload) ? payload : JSON.stringify(payload)}],{}]`;
  return decodeInbound(raw);
}

function isJsonScalar(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return value === null || typeof value !== 'object';
  } catch {
    return false;
  }
}
