import { describe, expect, it } from 'vitest';
import { socketUrl } from './socketUrl.js';

describe('socketUrl', () => {
  it('uses ws: on http and wss: on https, same host and port', () => {
    expect(socketUrl({ protocol: 'http:', host: 'localhost:4001' })).toBe('ws://localhost:4001/ws');
    expect(socketUrl({ protocol: 'https:', host: 'mud.example' })).toBe('wss://mud.example/ws');
  });

  it('carries the screen size when given', () => {
    expect(socketUrl({ protocol: 'http:', host: 'mud.example' }, { cols: 48, rows: 40 })).toBe(
      'ws://mud.example/ws?screenwidth=48&screenheight=40',
    );
  });
});
