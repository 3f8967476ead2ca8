/**
 * docs/sessions.md#message-routing routing, mode by mode: who receives `account.msg`, `character.msg` and `command.msg`.
 */
import { describe, expect, it } from 'vitest';
import type { GameSession as ServerSession } from '../commands/GameServices.js';
import type { MultisessionMode } from '../config.js';
import { unitWorld } from '../testing/unitWorld.js';

/** Account A with sessions 1, 2, 3; account B with session 4. */
function scene(mode: MultisessionMode, puppets: Record<number, number | undefined>) {
  const w = unitWorld(mode);
  const a = w.account(1);
  const b = w.account(2);
  const sessions = [1, 2, 3, 4].map((id) => w.session(id));
  const chars = new Map([10, 11].map((id) => [id, w.character(id, 1)]));
  chars.set(20, w.character(20, 2));
  for (const s of sessions) w.handler.setAccount(s, s.sessid === 4 ? b : a);
  for (const [sessid, charId] of Object.entries(puppets)) {
    if (charId !== undefined)
      w.handler.setPuppet(sessions[Number(sessid) - 1] as (typeof sessions)[number], chars.get(charId));
  }
  return { ...w, a, b, sessions, chars };
}

describe('MessageRouter', () => {
  it.each([0, 1, 2, 3] as const)('mode %i: account.msg reaches all its sessions, or the one named', (mode) => {
    const w = scene(mode, {});
    w.a.msg('all of A');
    expect(w.received('all of A')).toEqual([1, 2, 3]);
    w.a.msg('only 2', { session: w.sessions[1] });
    expect(w.received('only 2')).toEqual([2]);
  });

  it.each([0, 1, 2, 3] as const)('mode %i: character.msg reaches every session puppeting it', (mode) => {
    const w = scene(mode, { 1: 10, 2: 10, 3: 11, 4: 20 });
    w.chars.get(10)?.msg('to char10');
    expect(w.received('to char10')).toEqual([1, 2]);
    w.chars.get(20)?.msg('to char20');
    expect(w.received('to char20')).toEqual([4]);
  });

  it('mode 0 and 2: command.msg reaches only the typing session', () => {
    for (const mode of [0, 2] as const) {
      const w = scene(mode, { 1: 10, 2: 10, 3: 11 });
      w.router.msg({ kind: 'command', session: w.sessions[0] }, `cmd ${mode}`);
      expect(w.received(`cmd ${mode}`)).toEqual([1]);
    }
  });

  it("mode 1: command.msg reaches all the account's sessions, with no distinction", () => {
    const w = scene(1, { 1: 10, 2: 10 });
    w.router.msg({ kind: 'command', session: w.sessions[0] }, 'mirrored');
    expect(w.received('mirrored')).toEqual([1, 2, 3]);
  });

  it('mode 3: command.msg reaches the sessions sharing the puppet, not those on other characters', () => {
    const w = scene(3, { 1: 10, 2: 10, 3: 11 });
    w.router.msg({ kind: 'command', session: w.sessions[0] }, 'shared');
    expect(w.received('shared')).toEqual([1, 2]);
    w.router.msg({ kind: 'command', session: w.sessions[2] }, 'alone');
    expect(w.received('alone')).toEqual([3]);
  });

  it('mode 3: an OOC session hears only itself', () => {
    const w = scene(3, { 2: 10 });
    w.router.msg({ kind: 'command', session: w.sessions[0] }, 'ooc');
    expect(w.received('ooc')).toEqual([1]);
  });

  it('a command without a session answers its caller', () => {
    const w = scene(2, { 1: 10, 2: 11 });
    expect(w.router.recipients({ kind: 'command', session: undefined })).toEqual([]);
    w.router.msg({ kind: 'command', session: undefined, caller: w.chars.get(11) }, 'npc to char');
    expect(w.received('npc to char')).toEqual([2]);
    w.router.msg({ kind: 'command', session: undefined, caller: w.a }, 'script to account');
    expect(w.received('script to account')).toEqual([1, 2, 3]);
  });

  it.each([0, 1, 2, 3] as const)('mode %i: a session-targeted notice reaches that session only', (mode) => {
    const w = scene(mode, { 1: 10, 2: 10, 3: 11 });
    w.router.msg({ kind: 'session', session: w.sessions[0] as ServerSession }, 'just you');
    expect(w.received('just you')).toEqual([1]);
  });

  it('follows puppets as they change', () => {
    const w = scene(3, { 1: 10, 2: 10 });
    w.handler.setPuppet(w.sessions[1] as ServerSession, undefined);
    w.chars.get(10)?.msg('after unpuppet');
    expect(w.received('after unpuppet')).toEqual([1]);
    w.handler.remove(1);
    w.chars.get(10)?.msg('after disconnect');
    expect(w.received('after disconnect')).toEqual([]);
  });

  it.each([0, 1, 2, 3] as const)('mode %i: character.msg with { session } reaches that session only', (mode) => {
    const w = scene(mode, { 1: 10, 2: 10, 3: 11 });
    w.chars.get(10)?.msg('to session 2', { session: w.sessions[1] });
    expect(w.received('to session 2')).toEqual([2]);
  });

  it('command.msg with { session } or { toObj } leaves the command route', () => {
    const w = scene(1, { 1: 10, 2: 10 });
    const from = { kind: 'command', session: w.sessions[0] } as const;
    w.router.msg(from, 'to 3 only', { session: w.sessions[2] });
    expect(w.received('to 3 only')).toEqual([3]);
    w.router.msg(from, 'to account B', { toObj: w.b });
    expect(w.received('to account B')).toEqual([4]);
    w.router.msg(from, 'to char10', { toObj: w.chars.get(10) });
    expect(w.received('to char10')).toEqual([1, 2]);
  });

  it('a prompt and OOB commands travel the same route; fromObj reaches the session', () => {
    const w = scene(3, { 1: 10, 2: 10, 3: 11 });
    const seen: unknown[] = [];
    const spy = w.sessions[1] as ServerSession;
    const original = spy.msg.bind(spy);
    spy.msg = (text, kwargs) => {
      seen.push(kwargs?.fromObj);
      original(text, kwargs);
    };
    w.chars.get(10)?.msg(undefined, { prompt: 'HP |g10|n', hp: [10, { max: 20 }], fromObj: w.chars.get(11) });
    for (const sessid of [1, 2]) {
      expect(w.frames.get(sessid)?.map((f) => f.frame)).toEqual([
        ['prompt', ['HP \x1b[1;32m10\x1b[0m'], {}],
        ['oob', ['hp', [10]], { max: 20 }],
      ]);
    }
    expect(w.frames.get(3)).toBeUndefined();
    expect(seen).toEqual([w.chars.get(11)]);
  });

  it('bad OOB data reaches nobody, not some', () => {
    const w = scene(3, { 1: 10, 2: 10 });
    expect(() => w.chars.get(10)?.msg('hi', { hp: () => 1 })).toThrow(TypeError);
    expect(() => w.chars.get(10)?.msg('hi', { ['x'.repeat(65)]: 1 })).toThrow(RangeError);
    expect(w.frames.size).toBe(0);
  });

  it('room chatter keeps its flag; raw text is sent unrendered', () => {
    const w = scene(3, { 1: 10 });
    w.chars.get(10)?.msg('|rsaid', { options: { chatter: true, raw: true, type: 'say' } });
    expect(w.frames.get(1)).toEqual([{ frame: ['text', ['|rsaid'], { type: 'say' }], chatter: true }]);
  });
});
