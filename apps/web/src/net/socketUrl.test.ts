import { describe, expect, it } from 'vitest';
import { socketUrl } from './socketUrl.js';

describe('socketUrl', () => {
  it('uses ws: on http and wss: on https, same host and port', () => {
    expect(socketUrl({ protocol: 'http:', host: 'localhost:4001' })).toBe('ws://localhost:4001/ws');
    expect(socketUrl({ protocol: 'https:', host: 'mud.example' })).toBe('wss://mud.example/ws');
  });
});
