/**
 * Telnet over TLS (docs/telnet.md#tls): with no certificate configured, the portal makes a
 * self-signed one in the data dir, plays over it, and reuses it after a restart.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { telnetPlayer } from '../src/testing/TelnetTestClient.js';
import { gameSuite } from './support.js';

const suite = gameSuite({ MUD_TELNET_TLS_PORT: '0' });
const LIMBO = 'The void between worlds';

describe('telnet over TLS', () => {
  it('plays over a self-signed certificate, reused on restart', async () => {
    const { game } = suite;
    const first = await telnetPlayer(game.portOf('telnetTls'), 'create', 'Secure', 'secure-secret-1', LIMBO, {
      tls: true,
    });
    const fingerprint = (first.socket as TLSSocket).getPeerCertificate().fingerprint256;
    const mark = first.mark;
    first.line('say over tls');
    await first.waitForText('You say, "over tls"', mark);
    const pem = readFileSync(join(game.dataDir, 'telnet-tls-cert.pem'), 'utf8');
    expect(pem).toContain('BEGIN CERTIFICATE');
    first.close();

    await game.restart();
    const again = await telnetPlayer(game.portOf('telnetTls'), 'connect', 'Secure', 'secure-secret-1', LIMBO, {
      tls: true,
    });
    expect((again.socket as TLSSocket).getPeerCertificate().fingerprint256).toBe(fingerprint);
    expect(readFileSync(join(game.dataDir, 'telnet-tls-cert.pem'), 'utf8')).toBe(pem);
    again.close();
  }, 90_000);
});
