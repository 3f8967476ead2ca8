/**
 * Client <-> portal frames of the `v1.evennia.com` websocket subprotocol (docs/protocol.md#the-websocket): every frame is
 * a JSON text frame `[cmdname, args[], kwargs{}]`.
 *
 * Schemas are TypeBox: they are plain JSON Schema, the TypeScript types are inferred from them,
 * and `TypeCompiler` turns them into fast validators — which matters on the hot input path of
 * thousands of sessions. Fastify speaks TypeBox natively, so one schema language covers HTTP too.
 */
import { type Static, Type } from '@sinclair/typebox';
import { AdminIn, AdminOut } from './admin.js';
import { lazyChecker } from './check.js';
import { ErrorCode } from './codes.js';
import { Limits } from './limits.js';
import { type JsonValue, OpenKwargs, withinKwargsLimits } from './OpenKwargs.js';
import { outboundDecoder } from './outboundDecoder.js';
import { type Failure, fail, type Result } from './result.js';

/**
 * Websocket subprotocols the portal speaks (docs/telnet.md#mud-standards-websocket-subprotocols):
 * the MUD Standards websocket proposal's three and Evennia's own, which stays the default.
 */
export const Subprotocol = {
  /** Game text as UTF-8 ANSI in binary frames, OOB data as JSON envelopes in text frames. */
  JsonStandard: 'json.mudstandards.org',
  /** Game text as UTF-8 ANSI in binary frames, OOB data as GMCP messages in text frames. */
  GmcpStandard: 'gmcp.mudstandards.org',
  /** Game text as UTF-8 ANSI both ways, no OOB data. */
  Terminal: 'terminal.mudstandards.org',
  /** Evennia's JSON triples `[cmdname, args[], kwargs{}]` in text frames: the web client's. */
  EvenniaV1: 'v1.evennia.com',
} as const;
export type Subprotocol = (typeof Subprotocol)[keyof typeof Subprotocol];
/** The server's choice when a client offers several: the first of these it offered (Evennia's order). */
export const SUBPROTOCOL_PREFERENCE: readonly Subprotocol[] = [
  Subprotocol.JsonStandard,
  Subprotocol.GmcpStandard,
  Subprotocol.Terminal,
  Subprotocol.EvenniaV1,
];

const Empty = Type.Object({}, { additionalProperties: true });
const NoArgs = Type.Tuple([]);

// ---------------------------------------------------------------------------------------------
// Inbound: client -> portal
// ---------------------------------------------------------------------------------------------

/** A command line typed by the player. */
export const TextIn = Type.Tuple([
  Type.Literal('text'),
  Type.Tuple([Type.String({ maxLength: Limits.lineLength })]),
  OpenKwargs,
]);
/** Keepalive: updates `cmdLast` only. */
export const IdleIn = Type.Tuple([Type.Literal('idle'), NoArgs, OpenKwargs]);
const Credentials = Type.Object(
  {
    name: Type.String({ maxLength: Limits.fields.accountName }),
    password: Type.String({ maxLength: Limits.fields.password }),
  },
  { additionalProperties: false },
);
/** Structured login from the web client's form. */
export const LoginIn = Type.Tuple([Type.Literal('login'), NoArgs, Credentials]);
/** Structured account creation from the web client's form; logs straight in on success. */
export const CreateIn = Type.Tuple([Type.Literal('create'), NoArgs, Credentials]);
/** Most options one `client_options` frame may carry. */
export const MAX_CLIENT_OPTIONS_PER_FRAME = Limits.clientOptions.keys;
/** Longest `client_options` key, in UTF-16 code units. */
export const MAX_CLIENT_OPTION_KEY_LENGTH = Limits.clientOptions.keyLength;
/**
 * Client capabilities (screen size, colour support...). Values are primitives only. Keys are 1 to
 * 64 characters, at most 32 of them a frame. TypeBox's `Record` keeps a key schema's `pattern`
 * (as `patternProperties`) but drops `maxLength`, so the length is a pattern, and
 * `additionalProperties: false` refuses every key the pattern does not match.
 */
export const ClientOptionsIn = Type.Tuple([
  Type.Literal('client_options'),
  NoArgs,
  Type.Record(
    Type.String({ pattern: `^[\\s\\S]{1,${MAX_CLIENT_OPTION_KEY_LENGTH}}$` }),
    Type.Union([Type.String({ maxLength: Limits.clientOptions.valueLength }), Type.Number(), Type.Boolean()]),
    { additionalProperties: false, maxProperties: MAX_CLIENT_OPTIONS_PER_FRAME },
  ),
]);

/**
 * Resume a session whose socket dropped (network blip, sleep, page refresh) with the private token
 * from the last `resume_token` frame. Handled by the portal; sent as the first frame of a new
 * connection. Tokens are single use and travel only inside frames, never in URLs.
 */
export const ResumeIn = Type.Tuple([
  Type.Literal('resume'),
  NoArgs,
  Type.Object(
    { token: Type.String({ minLength: Limits.resumeToken.min, maxLength: Limits.resumeToken.max }) },
    { additionalProperties: false },
  ),
]);

export const InboundFrame = Type.Union([TextIn, IdleIn, LoginIn, CreateIn, ClientOptionsIn, ResumeIn, AdminIn]);
/**
 * The inputs the portal forwards to the game server: all but `resume`, which the portal handles
 * itself. The link's `input` message carries only these (see `link.ts`).
 */
export const GameInputFrame = Type.Union([TextIn, IdleIn, LoginIn, CreateIn, ClientOptionsIn, AdminIn]);
export type GameInputFrame = Static<typeof GameInputFrame>;
export type InboundFrame = Static<typeof InboundFrame>;
export type InboundName = InboundFrame[0];
export const INBOUND_NAMES: readonly InboundName[] = [
  'text',
  'idle',
  'login',
  'create',
  'client_options',
  'resume',
  'admin',
];

// ---------------------------------------------------------------------------------------------
// Outbound: portal -> client
// ---------------------------------------------------------------------------------------------

/** Game output; the string may hold ANSI SGR colour codes made by the server, nothing else. */
export const TextOut = Type.Tuple([
  Type.Literal('text'),
  Type.Tuple([Type.String()]),
  Type.Object({ type: Type.Optional(Type.String()) }),
]);
/** A prompt; its kwargs may carry `echo`. Rendered like text; clients show it without a line break. */
export const PromptOut = Type.Tuple([
  Type.Literal('prompt'),
  Type.Tuple([Type.String()]),
  Type.Object(
    {
      /** `false`: the next line is secret: clients hide it (docs/protocol.md#frames-out). */
      echo: Type.Optional(Type.Boolean({ description: 'false: the next line is secret: clients hide it' })),
    },
    { additionalProperties: true },
  ),
]);
export type PromptKwargs = Static<typeof PromptOut>[2];
/** Sent once when the session logs in. */
export const LoggedInOut = Type.Tuple([Type.Literal('logged_in'), NoArgs, Empty]);
/** One of `ErrorCode`'s values: a code outside the catalogue fails the clients' schema check. */
export const ErrorCodeSchema = Type.Union(Object.values(ErrorCode).map((code) => Type.Literal(code)));
/** A refused frame or request, with a stable code from `ErrorCode`. */
export const ErrorOut = Type.Tuple([
  Type.Literal('error'),
  Type.Tuple([Type.String()]),
  Type.Object({ code: ErrorCodeSchema, input: Type.Optional(Type.String()) }),
]);

/** OOB session state, sent whenever it changes, so clients need not parse text. */
export const SessionState = Type.Object({
  sessid: Type.Integer({ minimum: 1 }),
  loggedIn: Type.Boolean(),
  account: Type.Union([Type.String(), Type.Null()]),
  puppet: Type.Union([Type.String(), Type.Null()]),
  mode: Type.Integer({ minimum: 0, maximum: 3 }),
  /**
   * Epoch ms the session connected: its first connection's time, kept through a resume
   * (docs/sessions.md#session-properties). Optional for clients built before it was sent.
   */
  connTime: Type.Optional(Type.Number()),
});
export type SessionState = Static<typeof SessionState>;
export const SessionOut = Type.Tuple([Type.Literal('session'), NoArgs, SessionState]);

/** One of the account's characters, as the character-select menu shows it. */
export const CharacterEntry = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  description: Type.String(),
  /** Sessids of the account's sessions puppeting it (empty: nobody plays it). */
  puppetedBy: Type.Array(Type.Integer()),
});
export type CharacterEntry = Static<typeof CharacterEntry>;

/** One of the account's connected sessions. */
export const SessionEntry = Type.Object({
  sessid: Type.Integer({ minimum: 1 }),
  protocolKey: Type.String(),
  address: Type.String(),
  /** Epoch ms. */
  connTime: Type.Number(),
  /** Epoch ms of the last typed input. */
  cmdLastVisible: Type.Number(),
  puppet: Type.Union([Type.String(), Type.Null()]),
});
export type SessionEntry = Static<typeof SessionEntry>;

/**
 * OOB character-select menu and account overview, sent to every session of an account whenever
 * its characters, puppets or sessions change (docs/sessions.md#multisession-modes, docs/architecture.md#the-web-client).
 */
export const CharMenuState = Type.Object({
  account: Type.String(),
  characters: Type.Array(CharacterEntry),
  sessions: Type.Array(SessionEntry),
  maxCharacters: Type.Integer(),
  maxPuppets: Type.Integer(),
});
export type CharMenuState = Static<typeof CharMenuState>;
export const CharMenuOut = Type.Tuple([Type.Literal('charmenu'), NoArgs, CharMenuState]);

/**
 * A fresh private resume token for this connection's session, sent on connect and after every
 * resume (tokens rotate). Valid for `graceSeconds` after the socket drops.
 */
export const ResumeTokenOut = Type.Tuple([
  Type.Literal('resume_token'),
  NoArgs,
  Type.Object({ token: Type.String(), graceSeconds: Type.Integer({ minimum: 0 }) }),
]);
/** The `resume` succeeded: this connection now carries the old session (same sessid). */
export const ResumedOut = Type.Tuple([
  Type.Literal('resumed'),
  NoArgs,
  Type.Object({ sessid: Type.Integer({ minimum: 1 }) }),
]);

/**
 * Any other OOB command the game sends (`msg(text, { name: data })`, docs/sessions.md#message-routing):
 * `["oob", [name, args[]], kwargs{}]`. Evennia's web client receives it as `[name, args, kwargs]`;
 * here the frame name stays one of a closed set, so every frame keeps a schema and the clients'
 * checker a type, and the command's name travels first in the args.
 */
export const OobOut = Type.Tuple([
  Type.Literal('oob'),
  Type.Tuple([Type.String({ minLength: 1, maxLength: Limits.oobName }), Type.Array(Type.Unknown())]),
  Empty,
]);

export const OutboundFrame = Type.Union([
  TextOut,
  PromptOut,
  LoggedInOut,
  ErrorOut,
  SessionOut,
  CharMenuOut,
  ResumeTokenOut,
  ResumedOut,
  OobOut,
  AdminOut,
]);
export type OutboundFrame = Static<typeof OutboundFrame>;

// ---------------------------------------------------------------------------------------------
// Codec
// ---------------------------------------------------------------------------------------------

const inboundCheckers = {
  text: lazyChecker(TextIn),
  idle: lazyChecker(IdleIn),
  login: lazyChecker(LoginIn),
  create: lazyChecker(CreateIn),
  client_options: lazyChecker(ClientOptionsIn),
  resume: lazyChecker(ResumeIn),
  admin: lazyChecker(AdminIn),
} as const;

export type DecodeResult = Result<InboundFrame>;

/** Inputs whose kwargs admit any keys, bounded by `withinKwargsLimits` before the schema. */
const OPEN_KWARGS: ReadonlySet<InboundName> = new Set(['text', 'idle']);

function isInboundName(name: string): name is InboundName {
  return Object.hasOwn(inboundCheckers, name);
}

/**
 * Parses one untrusted text frame. Never throws: every failure is a result with a stable code
 * and a reason fit to show the player.
 */
interface Shape {
  /** The top-level element where nesting first went past the limit; -1 when it never did. */
  deepIn: number;
  topIsArray: boolean;
  /** Elements of the top-level array. */
  elements: number;
  /** The first character of each top-level element. */
  starts: string[];
  /** Where each top-level element starts, and where the top level closes. */
  startAt: number[];
  topEnd: number;
  /** Top-level elements that nest deeper than the limit. */
  deep: Set<number>;
  /** Every bracket closed, in order, with nothing after the top level but blanks. */
  balanced: boolean;
}

/**
 * The outline of raw JSON from one pass over its text (strings skipped), without parsing it:
 * enough to refuse a frame nested deeper than any valid one with the code parsing would give.
 */
function outline(raw: string, maxDepth: number): Shape {
  const shape: Shape = {
    deepIn: -1,
    topIsArray: false,
    elements: 0,
    starts: [],
    startAt: [],
    topEnd: -1,
    deep: new Set(),
    balanced: true,
  };
  let depth = 0;
  let inString = false;
  let closedTop = false;
  let expectStart = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    const blank = c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
    if (closedTop && !blank) shape.balanced = false;
    if (expectStart && !blank) {
      shape.starts.push(raw[i] ?? '');
      shape.startAt.push(i);
      expectStart = false;
    }
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth === 1) {
        shape.topIsArray = c === 0x5b;
        expectStart = true;
        shape.elements = 1;
      }
      if (depth > maxDepth) {
        if (shape.deepIn < 0) shape.deepIn = shape.elements - 1;
        shape.deep.add(shape.elements - 1);
      }
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
      if (depth < 0) shape.balanced = false;
      if (depth === 0 && !closedTop) {
        closedTop = true;
        shape.topEnd = i;
      }
    } else if (c === 0x2c && depth === 1) {
      shape.elements++;
      expectStart = true;
    }
  }
  if (depth !== 0 || inString) shape.balanced = false;
  return shape;
}

/**
 * Whether a too-deep frame's kwargs are within `Limits.kwargs`, as the parsed path would check
 * them first: too deep themselves, they are not; otherwise they are shallow enough to parse alone.
 */
function kwargsWithinLimits(raw: string, shape: Shape): boolean {
  if (shape.deep.has(2)) return false;
  try {
    return withinKwargsLimits(JSON.parse(raw.slice(shape.startAt[2], shape.topEnd)));
  } catch {
    return false;
  }
}

// The refusals of `decodeInbound`, the same whether the frame was parsed or refused for its depth.
const malformed = (reason: string) => fail(ErrorCode.MalformedFrame, reason);
const NOT_A_TRIPLE = 'Frame must be a JSON array [cmdname, args[], kwargs{}].';
/** The name is echoed as printable ASCII only (every input name is), so it drives no terminal. */
function unknownInput(name: string): Failure {
  const shown = name.slice(0, 40).replace(/[^\x20-\x7e]/g, '?');
  return fail(ErrorCode.UnknownInput, `Unknown input "${shown}".`, shown);
}
const kwargsTooLarge = (name: string) =>
  fail(
    ErrorCode.KwargsTooLarge,
    `Input "${name}" has kwargs nested deeper than ${Limits.kwargs.depth}, with more than ${Limits.kwargs.keys} keys or over ${Limits.kwargs.bytes} bytes.`,
    name,
  );
const invalidArguments = (name: string) =>
  fail(ErrorCode.InvalidArguments, `Input "${name}" has arguments of the wrong type.`, name);

/** The refusal for a frame nested deeper than any valid frame, with the code parsing would give. */
function refuseDeep(raw: string, shape: Shape): DecodeResult {
  const [first, args, kwargs] = shape.starts;
  if (!shape.balanced || !shape.topIsArray || shape.elements !== 3 || first !== '"' || args !== '[' || kwargs !== '{') {
    return malformed('Frame is nested too deeply.');
  }
  // The name is the first string literal; JSON.parse of just that token is cheap.
  const literal = /^\s*\[\s*("(?:[^"\\]|\\.)*")\s*,/.exec(raw)?.[1];
  let name: unknown;
  try {
    name = literal === undefined ? undefined : JSON.parse(literal);
  } catch {
    name = undefined;
  }
  if (typeof name !== 'string') return malformed('Frame is nested too deeply.');
  if (!isInboundName(name)) return unknownInput(name);
  if (OPEN_KWARGS.has(name) && !kwargsWithinLimits(raw, shape)) return kwargsTooLarge(name);
  return invalidArguments(name);
}

export function decodeInbound(raw: string): DecodeResult {
  // Before JSON.parse, whose cost grows steeply with nesting (Limits.frameDepth).
  const shape = outline(raw, Limits.frameDepth);
  if (shape.deepIn >= 0) return refuseDeep(raw, shape);
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return malformed('Frame is not valid JSON.');
  }
  if (!Array.isArray(value) || value.length !== 3 || typeof value[0] !== 'string') return malformed(NOT_A_TRIPLE);
  const [name, args, kwargs] = value as [string, unknown, unknown];
  if (!Array.isArray(args) || typeof kwargs !== 'object' || kwargs === null || Array.isArray(kwargs)) {
    return malformed(NOT_A_TRIPLE);
  }
  if (!isInboundName(name)) return unknownInput(name);
  if (OPEN_KWARGS.has(name) && !withinKwargsLimits(kwargs)) return kwargsTooLarge(name);
  if (!inboundCheckers[name](value)) {
    // The same code and wording the game server used before the schema bounded lines.
    const line: unknown = name === 'text' && args.length === 1 ? args[0] : undefined;
    if (typeof line === 'string' && line.length > Limits.lineLength) {
      return fail(ErrorCode.LineTooLong, `Lines are limited to ${Limits.lineLength} characters.`);
    }
    return invalidArguments(name);
  }
  return { ok: true, value: value as InboundFrame };
}

export function encodeOutbound(frame: OutboundFrame): string {
  return JSON.stringify(frame);
}

/**
 * For clients and tests: parses a frame sent by the portal; null for anything not in the schema.
 * The web client builds the same decoder from the schema as data (see `outboundDecoder.ts`).
 */
export const decodeOutbound = outboundDecoder<OutboundFrame>(OutboundFrame);

/** Helpers that build well-typed outbound frames. */
export const out = {
  text: (text: string, type?: string): OutboundFrame => ['text', [text], type === undefined ? {} : { type }],
  prompt: (text: string, kwargs: PromptKwargs = {}): OutboundFrame => ['prompt', [text], kwargs],
  loggedIn: (): OutboundFrame => ['logged_in', [], {}],
  error: (code: ErrorCode, message: string, input?: string): OutboundFrame => [
    'error',
    [message],
    input === undefined ? { code } : { code, input },
  ],
  session: (state: SessionState): OutboundFrame => ['session', [], state],
  charmenu: (state: CharMenuState): OutboundFrame => ['charmenu', [], state],
  resumeToken: (token: string, graceSeconds: number): OutboundFrame => ['resume_token', [], { token, graceSeconds }],
  resumed: (sessid: number): OutboundFrame => ['resumed', [], { sessid }],
  oob: (name: string, args: JsonValue[], kwargs: { [key: string]: JsonValue }): OutboundFrame => [
    'oob',
    [name, args],
    kwargs,
  ],
};
