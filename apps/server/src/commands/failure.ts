/**
 * What a player is told when their input failed inside the game server (issue 11: one failure
 * shape, a named incident in the log and an `error` frame). A database that does not answer is
 * not a bug of the game (docs/cluster.md#postgresql): the player gets E_SERVER_UNAVAILABLE and
 * "try again in a moment"; anything else is E_INTERNAL.
 */
import { ErrorCode, out } from '@mud/protocol';
import { DatabaseUnavailableError } from '../db/DatabaseUnavailableError.js';
import { type Incident, logIncident } from '../incidents.js';
import type { Logger } from '../logger.js';

/**
 * Logs `err` as `incident` (or as `database-unavailable`) and returns the frame for the player,
 * naming the failed `input` when there is one (a `login` frame: the web client's form is waiting).
 */
export function failureAnswer(
  logger: Logger,
  err: unknown,
  incident: Incident,
  fields: Record<string, unknown>,
  internalText: string,
  input?: string,
): ReturnType<typeof out.error> {
  if (err instanceof DatabaseUnavailableError) {
    logIncident(logger, 'database-unavailable', { ...fields, err });
    return out.error(ErrorCode.ServerUnavailable, err.playerMessage, input);
  }
  logIncident(logger, incident, { ...fields, err });
  return out.error(ErrorCode.Internal, internalText, input);
}
