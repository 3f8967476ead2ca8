/**
 * The one catalogue of incidents: every `logger.error` / `logger.fatal` about something that
 * should not happen names one of these, so operators can search and alert on a stable name (as
 * Fastify's `FST_ERR_*` codes) while the wording of messages is free to change. The `warn` ones
 * are refusals of what a client did and the admins' own actions: expected, but what an operator
 * watching the admin view wants to see (issue 16); each process keeps its recent incidents in an
 * `IncidentRing` fed from its logger (incidentRing.ts). Neutral on
 * purpose: it imports nothing but the logger type, so the portal, the link and the game server
 * can all use it without importing each other.
 */
import type { Logger } from './logger.js';

/** Incident name → its one-line meaning (logged as the message). */
export const INCIDENTS = {
  'command-failed': 'a command threw; the player got E_INTERNAL',
  'input-failed': 'handling a session input threw; the player got E_INTERNAL',
  'hook-failed': 'a game server hook (GameDefinition.hooks) threw; the server went on',
  'restore-failed': 'a session could not be rebuilt from its sync data after a restart',
  'session-state-dropped':
    'a session cmdset or question kept over a restart has no registered builder or answer; it was dropped',
  'server-link-handler': 'the game server failed to handle a portal message',
  'server-uncaught': 'an uncaught exception in the game server; the portal restarts it',
  'link-version-mismatch': 'portal and game server speak different link versions (a half-updated install)',
  'link-invalid-message': 'a link message whose envelope does not fit the protocol was dropped',
  'link-handler-failed': 'a listener of the link threw on a message; the messages after it were still delivered',
  'link-send-failed': 'a link message could not be sent',
  'superuser-settings-refused': 'MUD_SUPERUSER_NAME / MUD_SUPERUSER_PASSWORD break the rules; no superuser made',
  'portal-link-handler': 'the portal failed to handle a game server message',
  'portal-uncaught': 'an uncaught exception in the portal',
  'portal-input-failed': 'handling a frame at the portal threw; the player got E_INTERNAL',
  'ssh-request-failed': 'handling a request of an SSH connection threw; the connection was closed',
  'portal-bind-failed': 'the portal cannot listen on its port; the start stops',
  'portal-shutdown-failed': 'something failed while the portal shut down; it exits anyway',
  'server-process-error': 'the game server process could not be started or signalled',
  'server-not-ready': 'a game server did not say ready in time; it was killed',
  'server-drain-timeout': 'the old game server did not hand its sessions over in time; it was killed',
  'server-crashed': 'the serving game server exited unexpectedly; it is restarted with backoff',
  'server-crash-loop': 'the game server keeps crashing; it is retried slowly until an operator fixes it',
  'restart-failed': 'the new game server of a reload or reset did not start; the old one serves on',
  'resume-token-store': 'a resume token could not be shared with the cluster; it works on this portal only',
  'cluster-invalid-message': 'a NATS message that does not fit the cluster schema was dropped',
  'cluster-publish-failed': 'input could not be put in the input stream; it is retried in order',
  'cluster-store-failed': 'a session could not be saved to the sessions bucket; it is retried',
  'cluster-output-lost': 'output for a portal was older than the host keeps when the portal asked for it again',
  'cluster-portal-lost': 'a portal stopped beating; its sessions wait for a resume on another portal',
  'throttle-store-failed': 'a throttle count could not be saved or read back; the throttle counts in memory only',
  'database-writer-failed':
    'the SQLite writer thread failed; the writes waiting on it got E_SERVER_UNAVAILABLE, the next write starts a new one',
  'database-unavailable':
    'the database did not answer (down, restarting, unreachable); the player got E_SERVER_UNAVAILABLE',
  'login-throttled': 'a login or account creation was refused: too many attempts from the address',
  'connection-throttled': 'a connection was refused: too many connections from the address',
  'input-rate-limited': 'a session sent input faster than MUD_MAX_COMMAND_RATE; the excess was dropped',
  'frame-refused': 'a frame the protocol refuses (malformed, unknown, too large) got an error frame',
  'admin-refused': 'an admin frame from a session without the Admin permission was refused',
  'admin-action': 'an admin booted a session, messaged everyone, reloaded or reset the game server',
} as const;
export type Incident = keyof typeof INCIDENTS;

/**
 * Logs `name` at error level (`fatal` when the process is going down) with its meaning as the
 * message. `fields` carry the context: `err`, `sessid`, `command`...
 */
export function logIncident(
  logger: Logger,
  name: Incident,
  fields: Record<string, unknown> = {},
  level: 'warn' | 'error' | 'fatal' = 'error',
): void {
  logger[level]({ ...fields, incident: name }, INCIDENTS[name]);
}
