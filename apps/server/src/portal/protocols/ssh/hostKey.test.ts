import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import { describe, expect, it } from 'vitest';
import { generateHostKey, HOST_KEY_FILE, HostKeyError, loadHostKey } from './hostKey.js';

const dataDir = () => mkdtempSync(join(tmpdir(), 'mud-hostkey-'));

describe('loadHostKey', () => {
  it('makes an ed25519 key once, private to its owner, with its public half beside it', () => {
    const dir = dataDir();
    const key = loadHostKey(dir);
    const parsed = ssh2.utils.parseKey(key);
    expect(parsed).not.toBeInstanceOf(Error);
    expect((parsed as { type: string }).type).toBe('ssh-ed25519');
    expect(statSync(join(dir, HOST_KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, `${HOST_KEY_FILE}.pub`), 'utf8')).toMatch(/^ssh-ed25519 /);
    expect(loadHostKey(dir).equals(key)).toBe(true);
  });

  it('takes back a key others could read', () => {
    const dir = dataDir();
    loadHostKey(dir);
    chmodSync(join(dir, HOST_KEY_FILE), 0o644);
    loadHostKey(dir);
    expect(statSync(join(dir, HOST_KEY_FILE)).mode & 0o777).toBe(0o600);
  });

  it('refuses a file that is not a private key, saying which', () => {
    const dir = dataDir();
    writeFileSync(join(dir, HOST_KEY_FILE), 'not a key', { mode: 0o600 });
    expect(() => loadHostKey(dir)).toThrow(HostKeyError);
    expect(() => loadHostKey(dir)).toThrow(join(dir, HOST_KEY_FILE));
  });

  it('never saves a key ssh2 cannot read back (its generator makes one about once in 160)', () => {
    // Without the check, 1,000 pairs hold such a key with a probability above 99.8%.
    for (let i = 0; i < 1000; i++) {
      const parsed = ssh2.utils.parseKey(generateHostKey().private);
      expect(parsed).not.toBeInstanceOf(Error);
    }
  });
});
