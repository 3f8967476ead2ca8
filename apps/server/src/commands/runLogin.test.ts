/**
 * One login path and one failure shape (issue 11), on a real game server over the in-memory
 * link: typed `connect` / `create` and the `login` / `create` frames answer alike, and a command
 * that throws reaches the player as E_INTERNAL and the log as a named incident.
 */
import { ErrorCode, type GameInputFrame, initialSyncData, LINK_VERSION, type OutboundFrame } from '@mud/protocol';
import { describe, expect, it } from 'vitest';
import { MemoryAccountRepository } from '../accounts/MemoryAccountRepository.js';
import { loadSettings } from '../config.js';
import { createMemoryLinkPair } from '../link/MemoryLink.js';
import { MemoryCharacterRepository } from '../objects/MemoryCharacterRepository.js';
import { MemoryRoomRepository } from '../objects/MemoryRoomRepository.js';
import { GameServer } from '../server/GameServer.js';
import { captureLogger } from '../testing/captureLogger.js';
import { Command } from './Command.js';
import type { GameDefinition } from './GameDefinition.js';

class CmdBoom extends Command {
  readonly key = 'boom';
  func(): void {
    throw new Error('kaboom');
  }
}

/** A started game server with session 1..n connected; `frames(n)` is what session n received. */
async function game(sessions: number, definition?: GameDefinition) {
  const { portal, server: serverEnd } = createMemoryLinkPair();
  const output = new Map<number, OutboundFrame[]>();
  const { logger, records: logs } = captureLogger();
  portal.onMessage((m) => {
    if (m.t !== 'output') return;
    for (const batch of m.batches) {
      for (const sessid of batch.sessids) output.set(sessid, [...(output.get(sessid) ?? []), ...batch.frames]);
    }
  });
  const server = new GameServer({
    settings: loadSettings({ MUD_DATA_DIR: '/tmp/unused' }, '/'),
    logger,
    link: serverEnd,
    accounts: new MemoryAccountRepository(),
    characters: new MemoryCharacterRepository(),
    rooms: new MemoryRoomRepository(),
    definition: definition ?? { connectionScreen: () => 'WELCOME' },
  });
  await server.start();
  portal.send({ t: 'hello', version: LINK_VERSION, kind: 'first', sessions: [], carry: {} });
  for (let sessid = 1; sessid <= sessions; sessid++) {
    portal.send({ t: 'connect', session: initialSyncData(sessid, `10.0.0.${sessid}`, 'websocket', Date.now()) });
  }
  const frames = (sessid: number) => output.get(sessid) ?? [];
  /** Sends `frame` as session `sessid` and waits until `done` holds over what it received. */
  const input = async (sessid: number, frame: GameInputFrame, done: (f: OutboundFrame[]) => unknown) => {
    const from = frames(sessid).length;
    portal.send({ t: 'input', sessid, frame });
    for (let i = 0; i < 400 && !done(frames(sessid).slice(from)); i++) await new Promise((r) => setTimeout(r, 10));
    const got = frames(sessid).slice(from);
    if (!done(got)) throw new Error(`no answer to ${JSON.stringify(frame)}: ${JSON.stringify(got)}`);
    return got;
  };
  const typed = (sessid: number, line: string, done: (f: OutboundFrame[]) => unknown) =>
    input(sessid, ['text', [line], {}], done);
  return { frames, input, typed, logs };
}

const errorIn = (frames: OutboundFrame[]) => frames.find((f) => f[0] === 'error');
const loggedIn = (frames: OutboundFrame[]) => frames.some((f) => f[0] === 'logged_in');
const texts = (frames: OutboundFrame[]) =>
  frames.flatMap((f) => (f[0] === 'text' ? [String(f[1][0]).replace(/\x1b\[[0-9;]*m/g, '')] : []));

describe('one login path', () => {
  it('answers a wrong password with the same error frame, typed or framed', async () => {
    const g = await game(3);
    await g.input(1, ['create', [], { name: 'Ann', password: 'ann-secret-1' }], loggedIn);
    const framed = errorIn(await g.input(2, ['login', [], { name: 'Ann', password: 'wrong-pass-1' }], errorIn));
    const typed = errorIn(await g.typed(3, 'connect Ann wrong-pass-1', (f) => !!errorIn(f)));
    expect(framed?.[2]).toMatchObject({ code: ErrorCode.LoginFailed });
    expect(typed).toEqual(framed);
  });

  it('creates with the same answer, superuser sentence included, and refuses with the same code', async () => {
    const viaFrame = await game(2);
    const viaText = await game(2);
    const created = (frames: OutboundFrame[]) => texts(frames).find((t) => t.includes('was created'));
    const framed = await viaFrame.input(1, ['create', [], { name: 'Root', password: 'root-secret-1' }], loggedIn);
    const typed = await viaText.typed(1, 'create Root root-secret-1', loggedIn);
    expect(created(framed)).toContain('superuser');
    expect(created(typed)).toEqual(created(framed));

    const framedTaken = errorIn(
      await viaFrame.input(2, ['create', [], { name: 'ROOT', password: 'root-secret-2' }], errorIn),
    );
    const typedTaken = errorIn(await viaText.typed(2, 'create ROOT root-secret-2', (f) => !!errorIn(f)));
    expect(framedTaken?.[2]).toMatchObject({ code: ErrorCode.NameTaken });
    expect(typedTaken).toEqual(framedTaken);
  });
});

describe('one failure shape', () => {
  it('answers a throwing command with E_INTERNAL and logs the command-failed incident', async () => {
    const g = await game(1, {
      connectionScreen: () => 'WELCOME',
      cmdsets: { account: (defaults) => defaults.add(new CmdBoom()) },
    });
    await g.input(1, ['create', [], { name: 'Bob', password: 'bob-secret-1' }], loggedIn);
    const answer = await g.typed(1, 'boom', (f) => !!errorIn(f));
    expect(errorIn(answer)?.[2]).toMatchObject({ code: ErrorCode.Internal });
    expect(g.logs()).toContainEqual(expect.objectContaining({ incident: 'command-failed', command: 'boom' }));
    // The session goes on: the next command is answered as usual.
    expect(texts(await g.typed(1, 'sessions', (f) => texts(f).length > 0)).join('\n')).toContain('this session');
  });
});
