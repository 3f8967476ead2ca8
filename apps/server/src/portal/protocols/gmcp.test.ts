import { ErrorCode, out } from '@mud/protocol';
import { describe, expect, it } from 'vitest';
import { decodeGmcp, encodeGmcp, frameAsGmcp, gmcpName, oobName } from './gmcp.js';

describe('GMCP names (Evennia’s rule)', () => {
  it.each([
    ['foo_bar', 'Foo.Bar'],
    ['char_vitals', 'Char.Vitals'],
    ['session', 'Core.Session'],
    ['ping', 'Core.Ping'],
    ['client_options', 'Core.Supports.Get'],
    ['IRE_rift', 'IRE.Rift'],
  ])('%s is %s', (name, gmcp) => {
    expect(gmcpName(name)).toBe(gmcp);
  });

  it.each([
    ['Char.Vitals', 'char_vitals'],
    ['Core.Text', 'text'],
    ['core.idle', 'idle'],
    ['Core.Supports.Get', 'client_options'],
  ])('%s is %s', (gmcp, name) => {
    expect(oobName(gmcp)).toBe(name);
  });
});

describe('encodeGmcp', () => {
  it('encodes each shape as Evennia does', () => {
    expect(encodeGmcp('ping', [], {})).toBe('Core.Ping');
    expect(encodeGmcp('char_hp', [10], {})).toBe('Char.Hp 10');
    expect(encodeGmcp('char_hp', [1, 2], {})).toBe('Char.Hp [1,2]');
    expect(encodeGmcp('char_hp', [], { hp: 1 })).toBe('Char.Hp {"hp":1}');
    expect(encodeGmcp('char_hp', [1], { hp: 1 })).toBe('Char.Hp [1,{"hp":1}]');
  });

  it('names state frames by the rule and oob frames by their command', () => {
    expect(frameAsGmcp(['session', [], { sessid: 1, loggedIn: false, account: null, puppet: null, mode: 0 }])).toBe(
      'Core.Session {"sessid":1,"loggedIn":false,"account":null,"puppet":null,"mode":0}',
    );
    expect(frameAsGmcp(['oob', ['char_vitals', [7]], {}])).toBe('Char.Vitals 7');
    expect(frameAsGmcp(out.error(ErrorCode.RateLimited, 'slow down'))).toBe(
      'Core.Error ["slow down",{"code":"E_RATE_LIMITED"}]',
    );
  });
});

describe('decodeGmcp', () => {
  it('reads a command line, a keepalive and options as the frames a websocket sends', () => {
    expect(decodeGmcp('Core.Text "look"')).toEqual({ ok: true, value: ['text', ['look'], {}] });
    expect(decodeGmcp('Core.Text look here')).toEqual({ ok: true, value: ['text', ['look here'], {}] });
    expect(decodeGmcp('Core.Idle')).toEqual({ ok: true, value: ['idle', [], {}] });
    expect(decodeGmcp('Core.Supports.Get {"screenwidth":90}')).toEqual({
      ok: true,
      value: ['client_options', [], { screenwidth: 90 }],
    });
  });

  it('refuses what a websocket frame would be refused for', () => {
    expect(decodeGmcp('Char.Unknown 1')).toMatchObject({ ok: false, code: ErrorCode.UnknownInput });
    expect(decodeGmcp(`Core.Text ${'['.repeat(5000)}`)).toMatchObject({ ok: false });
    expect(decodeGmcp('Core.Text {"a":')).toMatchObject({ ok: false, code: ErrorCode.MalformedFrame });
  });
});
