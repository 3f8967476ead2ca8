import { describe, expect, it } from 'vitest';
import { HostCheck } from './hostCheck.js';

describe('HostCheck', () => {
  const check = new HostCheck(['mud.example.org'], '0.0.0.0', 'gamebox.lan');

  it('accepts IP literals, localhost, the machine, and the configured names, with or without a port', () => {
    for (const host of [
      '127.0.0.1:4001',
      '192.168.1.20',
      '[::1]:4001',
      'localhost:4001',
      'LOCALHOST',
      'gamebox.lan:4001',
      'gamebox',
      'mud.example.org',
      'MUD.example.org:443',
    ]) {
      expect(check.allows(host), host).toBe(true);
    }
  });

  it('refuses other names (a rebinding attacker’s), and missing or malformed headers', () => {
    for (const host of [
      'evil:4411',
      'evil.example',
      'mud.example.org.evil.example',
      'example.org',
      undefined,
      '',
      'user@localhost',
      'localhost/ws',
      'local host',
    ]) {
      expect(check.allows(host), String(host)).toBe(false);
    }
  });
});
