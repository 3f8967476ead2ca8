/**
 * The certificate of telnet over TLS (docs/telnet.md#tls): MUD_TLS_CERT / MUD_TLS_KEY when set,
 * else a self-signed pair made once in the data dir and reused on every start, so a client that
 * pinned it on first use keeps trusting it.
 *
 * `selfsigned` (pure JavaScript, on Node's WebCrypto) makes the pair rather than `openssl`
 * through a child process: it needs no binary on the host (Windows has none by default) and
 * fails, if it does, with an error instead of a missing command.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface TlsPair {
  cert: Buffer;
  key: Buffer;
}

export const SELF_SIGNED_CERT = 'telnet-tls-cert.pem';
export const SELF_SIGNED_KEY = 'telnet-tls-key.pem';
const YEARS = 10;

export async function loadTlsPair(
  settings: { tlsCert?: string | undefined; tlsKey?: string | undefined; dataDir: string },
  serverName: string,
): Promise<TlsPair> {
  if (settings.tlsCert !== undefined && settings.tlsKey !== undefined) {
    return { cert: readFileSync(settings.tlsCert), key: readFileSync(settings.tlsKey) };
  }
  const certFile = join(settings.dataDir, SELF_SIGNED_CERT);
  const keyFile = join(settings.dataDir, SELF_SIGNED_KEY);
  if (existsSync(certFile) && existsSync(keyFile)) {
    return { cert: readFileSync(certFile), key: readFileSync(keyFile) };
  }
  const notAfterDate = new Date();
  notAfterDate.setFullYear(notAfterDate.getFullYear() + YEARS);
  // Loaded only here: most portals never make a certificate, and the library is megabytes resident.
  const { generate } = await import('selfsigned');
  const pems = await generate([{ name: 'commonName', value: serverName }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notAfterDate,
  });
  writeFileSync(keyFile, pems.private, { mode: 0o600 });
  writeFileSync(certFile, pems.cert);
  return { cert: Buffer.from(pems.cert), key: Buffer.from(pems.private) };
}
