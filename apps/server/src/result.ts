/**
 * The game server's one result shape (issue 11): success carries its value, failure a code from
 * the protocol's catalogue (what clients and tests assert on) and a reason a player can read.
 */
import type { ErrorCode } from '@mud/protocol';

export type Failure = { ok: false; code: ErrorCode; reason: string };
export type Result<T> = { ok: true; value: T } | Failure;
