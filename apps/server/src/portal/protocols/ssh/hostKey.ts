/**
 * The SSH listener's host key (docs/telnet.md#ssh-host-key): an ed25519 key made once in
 * `$MUD_DATA_DIR/ssh_host_ed25519_key` (mode 0600, OpenSSH's format, its public half beside it in
 * `.pub`) and reused on every later start, so players' `known_hosts` keep trusting the game.
 */
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ssh2 from 'ssh2';

export const HOST_KEY_FILE = 'ssh_host_ed25519_key';

export class HostKeyError extends Error {
  override name = 'HostKeyError';
}

/** The private host key in `dataDir`, made there first when there is none. */
export function loadHostKey(dataDir: string): Buffer {
  const path = join(dataDir, HOST_KEY_FILE);
  if (!exists(path)) {
    const pair = generateHostKey();
    try {
      // `wx`: a portal starting beside this one on the same directory keeps the key made first.
      writeFileSync(path, pair.private, { mode: 0o600, flag: 'wx' });
      writeFileSync(`${path}.pub`, `${pair.public}\n`, { mode: 0o644 });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  const key = readFileSync(path);
  if (!isPrivateKey(key)) {
    throw new HostKeyError(`${path} is not an unencrypted private key; move it away and a new one is made`);
  }
  // A key others can read is no secret: tighten it as sshd would insist.
  if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
  return key;
}

function isPrivateKey(key: Buffer | string): boolean {
  const parsed = ssh2.utils.parseKey(key);
  return !(parsed instanceof Error) && (Array.isArray(parsed) ? parsed[0] : parsed)?.isPrivateKey() === true;
}

/**
 * A new ed25519 pair that ssh2 can read back. ssh2 1.17's generator writes a key its own parser
 * refuses ("Malformed OpenSSH private key") about once in 160 pairs; such a pair is made again
 * rather than saved, where it would stop every later start.
 */
export function generateHostKey(): { private: string; public: string } {
  for (let attempt = 0; attempt < 20; attempt++) {
    const pair = ssh2.utils.generateKeyPairSync('ed25519', { comment: 'mud ssh host key' });
    if (isPrivateKey(pair.private)) return pair;
  }
  throw new HostKeyError('could not make an SSH host key that reads back');
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}
