/**
 * The attack suite's HTTP surface (issue 14), over real sockets against the real processes:
 * headers sent too slowly are cut off at the bound, `/ws` answers only the names this game is
 * published under (DNS rebinding), and pages carry the security headers a browser game should.
 * The websocket-level attacks are in attack.test.ts.
 */
import { connect as netConnect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { connect } from '../src/testing/players.js';
import { gameSuite } from './support.js';

const PUBLISHED = 'play.example.org';
const suite = gameSuite({ MUD_ALLOWED_HOSTS: PUBLISHED });

function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = netConnect(port, '127.0.0.1', () => resolve(socket));
    socket.on('error', reject);
  });
}

/** A websocket handshake with the given Host and Origin; resolves to the status line's code. */
async function handshake(port: number, host: string, origin?: string): Promise<number> {
  const socket = await open(port);
  const headers = [
    'GET /ws HTTP/1.1',
    `Host: ${host}`,
    'Upgrade: websocket',
    'Connection: Upgrade',
    'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
    'Sec-WebSocket-Version: 13',
    ...(origin ? [`Origin: ${origin}`] : []),
  ];
  socket.write(`${headers.join('\r\n')}\r\n\r\n`);
  const answer = await new Promise<string>((resolve) => {
    let text = '';
    socket.on('data', (d: Buffer) => {
      text += d.toString('latin1');
      if (text.includes('\r\n')) resolve(text);
    });
    socket.on('close', () => resolve(text));
  });
  socket.destroy();
  return Number(answer.split(' ')[1]);
}

/** Dribbles a request's headers a byte a second; resolves to the ms until the portal hung up. */
async function slowHeaders(port: number): Promise<number> {
  const socket = await open(port);
  const started = Date.now();
  const request = 'GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ';
  socket.write(request);
  const dribble = setInterval(() => socket.write('a'), 1000);
  socket.on('error', () => {});
  await new Promise((resolve) => socket.once('close', resolve));
  clearInterval(dribble);
  return Date.now() - started;
}

describe('HTTP-level attacks', () => {
  it('headers dribbled a byte a second are cut off at the 10 s bound, not at Node’s 30 s sweep', async () => {
    // Node sweeps for late headers every `connectionsCheckingInterval` (30 s by default), so a
    // single connection could be lucky with the sweep's phase; a second one 15 s later cannot
    // be lucky with the same sweep. Each must be gone within 15 s of opening.
    const port = suite.game.port;
    const first = slowHeaders(port);
    await new Promise((resolve) => setTimeout(resolve, 15_000));
    const second = slowHeaders(port);
    expect(await first).toBeLessThan(15_000);
    expect(await second).toBeLessThan(15_000);
    // Both were refused for their slowness, not before the bound.
    expect(await first).toBeGreaterThanOrEqual(9_000);
    const player = suite.track(await connect(suite.game));
    expect(player.closeCode).toBeUndefined();
  }, 60_000);

  it('/ws refuses a Host this game is not published under (DNS rebinding), same-origin or not', async () => {
    const port = suite.game.port;
    expect(await handshake(port, `evil:${port}`, `http://evil:${port}`)).toBe(403);
    expect(await handshake(port, `evil.example:${port}`)).toBe(403);
    expect(await handshake(port, `${PUBLISHED}.evil.example:${port}`, `http://${PUBLISHED}.evil.example:${port}`)).toBe(
      403,
    );
    expect(await handshake(port, '')).toBe(403);
  });

  it('/ws accepts the published name, localhost and IP literals', async () => {
    const port = suite.game.port;
    expect(await handshake(port, `${PUBLISHED}:${port}`, `http://${PUBLISHED}:${port}`)).toBe(101);
    expect(await handshake(port, `localhost:${port}`, `http://localhost:${port}`)).toBe(101);
    expect(await handshake(port, `127.0.0.1:${port}`, `http://127.0.0.1:${port}`)).toBe(101);
    // A published name does not make another site's page a friend.
    expect(await handshake(port, `${PUBLISHED}:${port}`, 'http://evil.example')).toBe(403);
  });

  it('pages carry a strict Content-Security-Policy and the usual browser protections', async () => {
    const response = await fetch(suite.game.url);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('strict-transport-security')).toBeNull();
  });
});
