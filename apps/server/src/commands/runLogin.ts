/**
 * The one login path (issue 11): the typed `connect` / `create` commands and the structured
 * `login` / `create` frames both run it, so a player gets the same answers, and a refusal the
 * same `error` frame with the same code, whichever way they logged in. Clients show an `error`
 * frame's message in the terminal (the web client in red), so a typed refusal still reads there.
 */
import { ErrorCode, out } from '@mud/protocol';
import { logIncident } from '../incidents.js';
import { escapeMarkup } from '../text/markup.js';
import type { GameServices, GameSession } from './GameServices.js';

/** Named after the frame: `login` logs in to an existing account, `create` makes one first. */
export type LoginKind = 'login' | 'create';

export interface LoginRequest {
  kind: LoginKind;
  name: string;
  password: string;
}

/** Logs `session` in, or answers why not. Resolves true once the session is logged in. */
export async function runLogin(game: GameServices, session: GameSession, request: LoginRequest): Promise<boolean> {
  const { kind, name, password } = request;
  const refuse = (code: ErrorCode, reason: string) => {
    game.router.send({ kind: 'session', session }, out.error(code, reason, kind));
    return false;
  };
  if (session.loggedIn) return refuse(ErrorCode.AlreadyLoggedIn, 'You are already logged in.');
  const result =
    kind === 'login'
      ? await game.accounts.authenticate(name, password, session.address)
      : await game.accounts.create(name, password, session.address);
  if (!result.ok) {
    // The admin view lists throttled addresses (issue 16); the name tried, as typed, is not kept.
    if (result.code === ErrorCode.Throttled) {
      logIncident(game.logger, 'login-throttled', { sessid: session.sessid, address: session.address, kind }, 'warn');
    }
    return refuse(result.code, result.reason);
  }
  if (kind === 'create') {
    const superuser = result.value.isSuperuser ? ' It is the superuser account of this game.' : '';
    game.router.msg(
      { kind: 'session', session },
      `A new account "${escapeMarkup(result.value.name)}" was created.${superuser}`,
    );
  }
  await game.login(session, result.value, { created: kind === 'create' });
  return true;
}
