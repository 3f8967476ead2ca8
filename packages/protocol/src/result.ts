/**
 * The one result shape of the project (issue 11), for whatever can be refused: success carries
 * its value, failure a code from the catalogue (`codes.ts`, what clients and tests assert on) and
 * a reason a player can read. `input` names the input a refusal answers, when there is one.
 */
import type { ErrorCode } from './codes.js';

export type Failure = { ok: false; code: ErrorCode; reason: string; input?: string };
export type Result<T> = { ok: true; value: T } | Failure;

export const succeed = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: ErrorCode, reason: string, input?: string): Failure =>
  input === undefined ? { ok: false, code, reason } : { ok: false, code, reason, input };
