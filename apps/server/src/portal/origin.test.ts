import { describe, expect, it } from 'vitest';
import { isOriginAllowed } from './origin.js';

describe('isOriginAllowed', () => {
  it('allows clients that send no Origin (MUD clients, bots)', () => {
    expect(isOriginAllowed(undefined, 'game.example:4001', [])).toBe(true);
  });
  it("allows the game's own host", () => {
    expect(isOriginAllowed('http://game.example:4001', 'game.example:4001', [])).toBe(true);
    expect(isOriginAllowed('https://GAME.example:4001', 'game.example:4001', [])).toBe(true);
  });
  it('refuses other sites, other ports and garbage', () => {
    expect(isOriginAllowed('https://evil.example', 'game.example:4001', [])).toBe(false);
    expect(isOriginAllowed('http://game.example:4002', 'game.example:4001', [])).toBe(false);
    expect(isOriginAllowed('null', 'game.example:4001', [])).toBe(false);
  });
  it('allows configured extra origins', () => {
    expect(isOriginAllowed('https://client.example', 'game.example', ['https://client.example/'])).toBe(true);
    expect(isOriginAllowed('https://client.example.evil', 'game.example', ['https://client.example'])).toBe(false);
  });
});
