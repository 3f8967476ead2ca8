import type { CharMenuState } from '@mud/protocol';
import { describe, expect, it } from 'vitest';
import { canCreateCharacter, characterRows, createCharMenuStore, splitSessions } from './charMenuStore.js';

const menu: CharMenuState = {
  account: 'Petra',
  characters: [
    { id: 1, name: 'Anna', description: 'A tall woman.', puppetedBy: [4] },
    { id: 2, name: 'Bella', description: '', puppetedBy: [7] },
    { id: 3, name: 'Cora', description: '', puppetedBy: [] },
    { id: 4, name: 'Dina', description: '', puppetedBy: [4, 7] },
  ],
  sessions: [
    { sessid: 4, protocolKey: 'websocket', address: '10.0.0.1', connTime: 1000, cmdLastVisible: 2000, puppet: 'Anna' },
    { sessid: 7, protocolKey: 'websocket', address: '10.0.0.2', connTime: 1500, cmdLastVisible: 1500, puppet: 'Bella' },
  ],
  maxCharacters: 4,
  maxPuppets: 5,
};

describe('charMenuStore', () => {
  it('keeps the latest charmenu frame and forgets it on logout or reset', () => {
    const store = createCharMenuStore();
    store.getState().applyFrame(['text', ['x'], {}]);
    expect(store.getState().menu).toBeNull();
    store.getState().applyFrame(['charmenu', [], menu]);
    expect(store.getState().menu).toBe(menu);
    store
      .getState()
      .applyFrame(['session', [], { sessid: 4, loggedIn: true, account: 'Petra', puppet: null, mode: 2 }]);
    expect(store.getState().menu).toBe(menu);
    store.getState().applyFrame(['session', [], { sessid: 4, loggedIn: false, account: null, puppet: null, mode: 2 }]);
    expect(store.getState().menu).toBeNull();
    store.getState().restore(menu);
    store.getState().reset();
    expect(store.getState().menu).toBeNull();
  });

  it('tells for each character who plays it and what playing it would do, per mode', () => {
    const mode2 = characterRows(menu, 4, 2);
    expect(mode2.map((r) => [r.name, r.mine, r.others, r.action])).toEqual([
      ['Anna', true, [], 'playing'],
      ['Bella', false, [7], 'take'],
      ['Cora', false, [], 'play'],
      ['Dina', true, [7], 'playing'],
    ]);
    expect(characterRows(menu, 4, 3).find((r) => r.name === 'Bella')?.action).toBe('share');
    expect(characterRows(menu, 4, 1).find((r) => r.name === 'Bella')?.action).toBe('share');
    expect(characterRows(null, 4, 2)).toEqual([]);
  });

  it('splits this session from the account’s others', () => {
    expect(splitSessions(menu, 7)).toEqual({ own: menu.sessions[1], others: [menu.sessions[0]] });
    expect(splitSessions(null, 7)).toEqual({ own: null, others: [] });
  });

  it('allows creating characters below the limit only', () => {
    expect(canCreateCharacter(menu)).toBe(false);
    expect(canCreateCharacter({ ...menu, maxCharacters: 5 })).toBe(true);
    expect(canCreateCharacter(null)).toBe(false);
  });
});
