/**
 * In-process sessions, accounts and characters around one session handler and router, for unit
 * tests of routing and session lookups: no link, no database. Every text a session is sent is
 * kept in `inbox` by sessid, every frame in `frames`; every disconnect the handler asks for in `disconnected`.
 */
import type { OutboundFrame, SessionSyncData } from '@mud/protocol';
import { Account } from '../accounts/Account.js';
import type { MultisessionMode } from '../config.js';
import { Character } from '../objects/Character.js';
import { MessageRouter } from '../session/MessageRouter.js';
import { ServerSession } from '../session/ServerSession.js';
import { SessionHandler } from '../session/SessionHandler.js';

export function unitWorld(mode: MultisessionMode) {
  const disconnected: [sessid: number, reason: string][] = [];
  const handler = new SessionHandler<Account, Character>({
    disconnect: (s, reason) => disconnected.push([s.sessid, reason]),
  });
  const router = new MessageRouter(mode, handler);
  const inbox = new Map<number, string[]>();
  const frames = new Map<number, { frame: OutboundFrame; chatter: boolean }[]>();
  const sink = (sessid: number, frame: OutboundFrame, chatter: boolean) => {
    frames.set(sessid, [...(frames.get(sessid) ?? []), { frame, chatter }]);
    if (frame[0] === 'text') inbox.set(sessid, [...(inbox.get(sessid) ?? []), String(frame[1][0])]);
  };
  /** A connected, logged-out session, added to the handler. */
  const session = (sessid: number) => {
    const data: SessionSyncData = {
      sessid,
      address: '127.0.0.1',
      protocolKey: 'websocket',
      connTime: 0,
      loggedIn: false,
      accountId: null,
      puppetId: null,
      cmdLast: 0,
      cmdLastVisible: 0,
      cmdTotal: 0,
      protocolFlags: {},
    };
    const s = new ServerSession<Account, Character>(data, sink);
    handler.add(s);
    return s;
  };
  const account = (id: number) =>
    new Account(
      {
        id,
        name: `acct${id}`,
        isSuperuser: false,
        createdAt: 0,
        lastLoginAt: null,
        lastPuppetId: null,
        permissions: [],
      },
      handler,
      router,
    );
  const character = (id: number, accountId: number) =>
    new Character({ id, accountId, name: `char${id}`, description: '', locationId: 1, createdAt: 0 }, handler, router);
  /** The sessids that were sent `text`, ascending. */
  const received = (text: string) =>
    [...inbox.entries()]
      .filter(([, texts]) => texts.includes(text))
      .map(([sessid]) => sessid)
      .sort((a, b) => a - b);
  return { handler, router, session, account, character, inbox, frames, received, disconnected };
}
