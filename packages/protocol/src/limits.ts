/**
 * Every size limit a client and the server must agree on, in one place (issue 11): the frame
 * schemas enforce them, the server's rules and messages quote them, the web client's fields stop
 * typing at them, tests probe their edges. Change a number here and every side follows.
 *
 * Lengths of names and passwords are in characters (Unicode code points, after the server's NFC
 * normalisation and trim), as players count them. Lengths of wire fields and input fields are in
 * UTF-16 code units, as JSON Schema's `maxLength` and HTML's `maxlength` count them.
 */
export const Limits = {
  /** Longest command line a `text` frame carries (UTF-16 units); longer ones get `E_LINE_TOO_LONG`. */
  lineLength: 4096,
  /** Account names (docs/architecture.md#account-names-and-passwords: 3–30 characters). */
  accountName: { min: 3, max: 30 },
  /** Character names follow the account names' rules. */
  characterName: { min: 3, max: 30 },
  /** Passwords: at least 8 (docs/architecture.md#account-names-and-passwords); at most 256, so a client cannot make the server hash megabytes. */
  password: { min: 8, max: 256 },
  /**
   * How much the web client's fields, and the `login` / `create` frames, admit (UTF-16 units).
   * Deliberately above the rules: a name typed decomposed or in a script outside the BMP is longer
   * in units than in characters, and a too-long name should be refused by the rules, which say
   * why, not cut short by the field or refused as a malformed frame. The character description
   * is bounded by its field only; it travels in a command line, under `lineLength`.
   */
  fields: { accountName: 200, password: 1024, characterName: 80, characterDescription: 400 },
  /**
   * The open kwargs of `text` and `idle` (issue 11, an attack fix): a 20,000-deep object
   * overflowed `JSON.stringify`'s stack when the portal forwarded it. Depth counts the kwargs
   * object itself as 1; keys counts object keys and array items of the whole tree; bytes is the
   * UTF-8 length of its JSON.
   */
  kwargs: { depth: 4, keys: 32, bytes: 4096 },
  /**
   * Nesting of a whole inbound frame: the frame's array plus the deepest kwargs. Checked on the
   * raw text before `JSON.parse`, whose cost grows steeply with depth: a 20,000-deep frame took
   * about 10 ms to parse, so 300 of them a second saturated the portal (issue 14).
   */
  frameDepth: 5,
  /**
   * `client_options`: keys per frame, key length (UTF-16 units), string value length; flags one
   * session keeps in all (new keys past it are ignored, with an error).
   */
  clientOptions: { keys: 32, keyLength: 64, valueLength: 256, perSession: 64 },
  /** The name of an OOB command the game sends in an `oob` frame (docs/protocol.md#frames-out). */
  oobName: 64,
  /**
   * What a session's sync data carries across a reload besides its fixed fields: its own cmdsets'
   * keys (at most `cmdsets`) and a pending question (its key, and at most `questionDataKeys` flat
   * JSON values, strings up to `questionValueLength`). Keys are up to `keyLength` UTF-16 units.
   */
  syncData: { cmdsets: 16, keyLength: 64, questionDataKeys: 8, questionValueLength: 256 },
  /** The private token of a `resume` frame. */
  resumeToken: { min: 16, max: 128 },
  /**
   * The admin view's actions (docs/protocol.md#admin-frames): a boot's reason and a message to
   * everyone, in UTF-16 units.
   */
  admin: { reasonLength: 200, announceLength: 1000 },
} as const;
export type Limits = typeof Limits;
