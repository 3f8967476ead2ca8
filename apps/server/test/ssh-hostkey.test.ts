/**
 * A host key file that is not a private key stops the start (docs/telnet.md#ssh-host-key): the
 * portal says which file and exits 1, instead of serving SSH with some other key.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { GameProcess } from '../src/testing/GameProcess.js';

it('refuses to start on a host key file that is not a private key, naming it', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'mud-test-'));
  const file = join(dataDir, 'ssh_host_ed25519_key');
  writeFileSync(file, 'not a key\n', { mode: 0o600 });
  const started = GameProcess.start({ dataDir, env: { MUD_SSH_PORT: '0' } });
  await expect(started).rejects.toThrow(/portal exited with 1/);
  await expect(started).rejects.toThrow(`${file} is not an unencrypted private key`);
});
