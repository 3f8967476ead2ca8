import { describe, expect, it } from 'vitest';
import { banner, playAddresses } from './banner.js';

describe('the start banner', () => {
  it('names localhost for a wildcard bind, and the bound address otherwise', () => {
    expect(playAddresses('0.0.0.0', 4001)[0]).toBe('http://localhost:4001/');
    expect(playAddresses('127.0.0.1', 4100)).toEqual(['http://127.0.0.1:4100/']);
    expect(playAddresses('::1', 4100)).toEqual(['http://[::1]:4100/']);
  });

  it('tells where to play and how to stop', () => {
    const text = banner('WebMUD', '127.0.0.1', { http: 4001 });
    expect(text).toContain('WebMUD is running.');
    expect(text).toContain('Play in a browser:  http://127.0.0.1:4001/');
    expect(text).toContain('Ctrl-C');
    expect(text).not.toContain('Telnet');
  });

  it('names each other listener a MUD client can use', () => {
    const text = banner('WebMUD', '0.0.0.0', { http: 4001, telnet: 4000, ssh: 4022 });
    expect(text).toContain('Telnet (Mudlet…):   localhost port 4000');
    expect(text).toContain('SSH:                ssh -p 4022 NAME@localhost');
    expect(text).not.toContain('TLS');
  });
});
