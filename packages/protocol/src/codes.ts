/**
 * Websocket close codes the portal uses (RFC 6455 §7.4.1), shared by server and clients so both
 * sides agree on what a close means.
 */
export const CloseCode = {
  /** A clean, deliberate close: `quit`, a kick, an ended session. */
  Normal: 1000,
  /** The portal is shutting down. */
  GoingAway: 1001,
  /** A frame breaking RFC 6455 framing: a reserved opcode, RSV bits, an unmasked client frame. */
  ProtocolError: 1002,
  /** A data type this subprotocol does not carry (binary frame on a JSON text protocol). */
  UnsupportedData: 1003,
  /** A text frame that is not valid UTF-8 (RFC 6455 §8.1). */
  InvalidPayload: 1007,
  /**
   * Refused by policy: bad Origin, too many sessions from one address, output piling up for a
   * client that does not read it (MUD_MAX_OUTPUT_BUFFER).
   */
  PolicyViolation: 1008,
  /** A frame over `MUD_MAX_FRAME_BYTES`. */
  MessageTooBig: 1009,
  /** An unexpected fault in the portal. */
  InternalError: 1011,
  /** Try again later: the portal is overloaded or the connection rate was exceeded. */
  TryAgainLater: 1013,
} as const;
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

/**
 * The single catalogue of error codes that reach a client in an `error` frame or a refusal.
 * Tests and clients assert on these codes, never on message wording.
 */
export const ErrorCode = {
  /** The frame is not JSON, or not a `[cmdname, args[], kwargs{}]` triple. */
  MalformedFrame: 'E_MALFORMED_FRAME',
  /** The frame's cmdname is not an input this server knows. */
  UnknownInput: 'E_UNKNOWN_INPUT',
  /** The frame's args or kwargs do not have the types the input requires. */
  InvalidArguments: 'E_INVALID_ARGUMENTS',
  /** A command line longer than `Limits.lineLength`. */
  LineTooLong: 'E_LINE_TOO_LONG',
  /** Open kwargs (`text`, `idle`) nested too deep, with too many keys or too many bytes (`Limits.kwargs`). */
  KwargsTooLarge: 'E_KWARGS_TOO_LARGE',
  /** Input arrived faster than `MUD_MAX_COMMAND_RATE`. */
  RateLimited: 'E_RATE_LIMITED',
  /** Wrong name or password. */
  LoginFailed: 'E_LOGIN_FAILED',
  /** Too many failed logins or account creations from this address. */
  Throttled: 'E_THROTTLED',
  /** An account name breaking the naming rules. */
  InvalidName: 'E_INVALID_NAME',
  /** A password breaking the password rules. */
  InvalidPassword: 'E_INVALID_PASSWORD',
  /** The account name is taken (case-insensitively). */
  NameTaken: 'E_NAME_TAKEN',
  /** A login-only input sent by a session that is already logged in. */
  AlreadyLoggedIn: 'E_ALREADY_LOGGED_IN',
  /** A `resume` whose token is unknown, used or expired: the connection goes on as a new session. */
  ResumeFailed: 'E_RESUME_FAILED',
  /** A per-account limit is reached: characters (MUD_MAX_NR_CHARACTERS) or puppets at once. */
  LimitReached: 'E_LIMIT_REACHED',
  /**
   * The account may not do that: play another account's character, act before logging in, send
   * an admin frame without the Admin permission (docs/protocol.md#admin-frames).
   */
  NotPermitted: 'E_NOT_PERMITTED',
  /** It is already so: the character is already this session's puppet. */
  AlreadyDone: 'E_ALREADY_DONE',
  /**
   * Other players' chatter was dropped while this connection read too slowly (it passed half of
   * `MUD_MAX_OUTPUT_BUFFER`); sent once the backlog has drained, saying how many lines.
   */
  OutputDropped: 'E_OUTPUT_DROPPED',
  /** The game server is not available right now. */
  ServerUnavailable: 'E_SERVER_UNAVAILABLE',
  /** Something failed inside the server; the incident is logged. */
  Internal: 'E_INTERNAL',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];
