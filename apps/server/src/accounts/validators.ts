/**
 * Account name and password rules (docs/architecture.md#account-names-and-passwords): pure functions returning a result, never
 * throwing, so the `create` command can tell the player why. A refusal's `reason` is a sentence
 * meant for the player; code branches on `ok`, not on the wording.
 */
import { ErrorCode, fail, Limits, type Result } from '@mud/protocol';
import { COMMON_PASSWORDS } from './common-passwords.js';

/** The valid (normalised) value, or a refusal with `E_INVALID_NAME` / `E_INVALID_PASSWORD`. */
export type ValidationResult = Result<string>;

export const NAME_MIN_LENGTH = Limits.accountName.min;
export const NAME_MAX_LENGTH = Limits.accountName.max;
export const PASSWORD_MIN_LENGTH = Limits.password.min;
/** Argon2 accepts any length, but an unbounded one lets a client make us hash megabytes. */
export const PASSWORD_MAX_LENGTH = Limits.password.max;

/**
 * The key a player logs in by: NFKC folds compatibility look-alikes (fullwidth `Ｂｏｂ`,
 * ligatures, superscripts) onto their plain forms, lower case folds case. Uniqueness goes further:
 * names are also unique by their TR39 skeleton (`skeleton.ts`), so a Cyrillic `а` cannot twin a
 * Latin `a`.
 */
export function nameKey(name: string): string {
  return name.normalize('NFKC').toLowerCase();
}

/**
 * One name unit: a letter with at most two combining marks (`é` typed decomposed, Devanagari
 * vowel signs; capped so "Zalgo" stacks are refused), a decimal digit, or an allowed symbol.
 * Everything else is refused, which covers control characters and ESC (terminal escape
 * sequences), bidi overrides and zero-width characters (Cf), emoji, quotes (names with spaces
 * are quoted on the command line) and every whitespace but the plain space.
 */
const NAME_PATTERN = /^(?:\p{L}\p{M}{0,2}|\p{Nd}|[ .@+\-_])+$/u;
/**
 * Code points a terminal draws as nothing: Unicode's Default_Ignorable_Code_Point property
 * (combining grapheme joiner, variation selectors, Hangul fillers, Khmer inherent vowels, tag
 * characters...). Several are letters or marks, so the pattern above lets them through; with them
 * `alice` and `alice` + U+034F were two accounts that look the same, and three U+3164 a blank
 * name (issue 14).
 */
const INVISIBLE = /\p{Default_Ignorable_Code_Point}/u;
const HAS_LETTER_OR_DIGIT = /[\p{L}\p{Nd}]/u;

export function validateAccountName(name: string): ValidationResult {
  // NFC first, so the same name typed precomposed or decomposed is stored and counted alike.
  const value = name.normalize('NFC').trim();
  // Code points, not UTF-16 units, so a name in a non-BMP script is not counted double.
  const length = [...value].length;
  if (length < NAME_MIN_LENGTH || length > NAME_MAX_LENGTH) {
    return fail(
      ErrorCode.InvalidName,
      `Account names must be ${NAME_MIN_LENGTH} to ${NAME_MAX_LENGTH} characters long.`,
    );
  }
  // Marks are counted in the decomposed form: NFC folds one mark into its letter, which let three
  // or four stacked marks pass a limit of two (issue 14).
  if (!NAME_PATTERN.test(value.normalize('NFD')) || INVISIBLE.test(value)) {
    return fail(
      ErrorCode.InvalidName,
      'Account names may only contain letters, digits, spaces and the symbols . @ + - and _.',
    );
  }
  if (value.includes('  ')) {
    return fail(ErrorCode.InvalidName, 'Account names may not contain two spaces in a row.');
  }
  // Not in the brief's letter, but a name of only symbols ("...", "___") cannot be told
  // apart in a `who` list; Evennia's own names always carry a word character.
  if (!HAS_LETTER_OR_DIGIT.test(value)) {
    return fail(ErrorCode.InvalidName, 'Account names must contain at least one letter or digit.');
  }
  return { ok: true, value };
}

/**
 * `name` is the account's name, to refuse a password equal to it. The password is returned
 * unchanged: never trim or normalise a password, or `pass word ` and `pass word` would differ
 * from what the player typed at login.
 */
export function validatePassword(password: string, name: string): ValidationResult {
  const length = [...password].length;
  if (length > PASSWORD_MAX_LENGTH) {
    return fail(ErrorCode.InvalidPassword, `Passwords may be at most ${PASSWORD_MAX_LENGTH} characters long.`);
  }
  if (length < PASSWORD_MIN_LENGTH) {
    return fail(ErrorCode.InvalidPassword, `Passwords must be at least ${PASSWORD_MIN_LENGTH} characters long.`);
  }
  if (/^\p{Nd}+$/u.test(password)) {
    return fail(ErrorCode.InvalidPassword, 'Passwords may not be made only of digits.');
  }
  if (nameKey(password) === nameKey(name.trim())) {
    return fail(ErrorCode.InvalidPassword, 'Your password may not be your account name.');
  }
  if (COMMON_PASSWORDS.has(password.toLowerCase())) {
    return fail(ErrorCode.InvalidPassword, 'That password is too common and easy to guess. Please choose another.');
  }
  return { ok: true, value: password };
}
