/**
 * The second argument of every `msg` (Evennia's `msg(text, from_obj, session, options, **kwargs)`,
 * docs/sessions.md#message-routing): who sent it, which session gets it, how it travels, and any
 * OOB keyword data. Each protocol delivers what it can: the websocket sends a `prompt` frame for
 * `prompt` and an `oob` frame for every other keyword (docs/protocol.md#frames-out).
 */
import { type JsonValue, Limits, type OutboundFrame, out } from '@mud/protocol';

/** How one message travels (Evennia's per-call `options`). */
export interface MsgOptions {
  /**
   * Other players' room chatter (`Room.msgContents`: says, poses, arrivals). A reader too slow
   * to take it may lose it, and is told how much it lost, rather than be disconnected because
   * someone else flooded the room (issue 14). Never set it on a command's own answer or a
   * system notice: those must arrive or the connection ends.
   */
  chatter?: boolean | undefined;
  /** Send the text (and prompt) as written: colour markup is not rendered (Evennia's `raw`). */
  raw?: boolean | undefined;
  /**
   * Send the text as laid out, not wrapped to the session's screen width
   * (docs/sessions.md#screen-width): ASCII art, a map, anything whose lines must stay whole.
   */
  nowrap?: boolean | undefined;
  /**
   * `false`: the next line the player types is secret (a password), so the `prompt` frame says
   * `echo: false` and clients hide that line (docs/protocol.md#frames-out). Only prompts carry it.
   */
  echo?: boolean | undefined;
  /** The text frame's `type` (Evennia's web client reads it, e.g. `look`): a client may style by it. */
  type?: string | undefined;
}

/**
 * `S`: the session type. Keys other than the named ones are OOB commands: `{ hp: [10, 20] }` sends
 * the `hp` OOB command. Their values follow Evennia's convention (its `clean_senddata`): a plain
 * object is the kwargs; an array is the args, except that a plain object last in it is the
 * kwargs; `null` is no arguments; any other value is the one argument. Values must be JSON.
 */
export interface MsgKwargs<S = unknown> {
  /** Who sent the message (Evennia's `from_obj`): handed to `session.msg`, where a game's session class sees it. */
  fromObj?: unknown;
  /** Only this session gets the message, whatever the route would have been. */
  session?: S | undefined;
  options?: MsgOptions | undefined;
  /** A prompt: the websocket sends it as a `prompt` frame. Rendered like text. */
  prompt?: string | undefined;
  [oob: string]: unknown;
}

/** Keys of `MsgKwargs` (and of `command.msg`'s `toObj`) that are not OOB commands. */
const NOT_OOB: ReadonlySet<string> = new Set(['fromObj', 'session', 'toObj', 'options', 'prompt', 'text']);

/** Deep enough for any sensible OOB payload; a cycle or a runaway structure stops here. */
const MAX_DEPTH = 32;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function isJson(value: unknown, depth = 0): value is JsonValue {
  if (depth > MAX_DEPTH) return false;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every((item) => isJson(item, depth + 1));
  return isPlainObject(value) && Object.values(value).every((item) => isJson(item, depth + 1));
}

/** One OOB command as its frame, by Evennia's convention for the value (see `MsgKwargs`). */
export function oobFrame(name: string, value: unknown): OutboundFrame {
  if (name.length === 0 || name.length > Limits.oobName) {
    throw new RangeError(`msg(): an OOB command name has 1 to ${Limits.oobName} characters, not ${name.length}`);
  }
  if (!isJson(value)) throw new TypeError(`msg(): the data of OOB command "${name}" is not JSON`);
  if (value === null) return out.oob(name, [], {});
  if (isPlainObject(value)) return out.oob(name, [], value as Record<string, JsonValue>);
  if (Array.isArray(value)) {
    const last = value.at(-1);
    return isPlainObject(last)
      ? out.oob(name, value.slice(0, -1), last as Record<string, JsonValue>)
      : out.oob(name, value, {});
  }
  return out.oob(name, [value], {});
}

/** The OOB frames a `msg` call carries, in the order given. Throws on a bad name or non-JSON data. */
export function oobFrames(kwargs: MsgKwargs): OutboundFrame[] {
  const frames: OutboundFrame[] = [];
  for (const [name, value] of Object.entries(kwargs)) {
    if (value !== undefined && !NOT_OOB.has(name)) frames.push(oobFrame(name, value));
  }
  return frames;
}

/** Whether a `msg` call carries any OOB command (most carry none, and skip building frames). */
export function hasOob(kwargs: MsgKwargs): boolean {
  // No array of entries: this runs for every session of every message.
  for (const name in kwargs)
    if (kwargs[name] !== undefined && !NOT_OOB.has(name) && Object.hasOwn(kwargs, name)) return true;
  return false;
}
