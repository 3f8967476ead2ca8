/**
 * `npm start` as an operator runs it (SPEC §1): `scripts/start.mjs` on a set-up checkout serves
 * the game and the web client, takes its settings from the environment, and passes SIGTERM on
 * for the graceful shutdown (clients closed with 1001, exit 0).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CloseCode } from '@mud/protocol';
import { describe, expect, it } from 'vitest';
import { TestClient } from '../src/testing/TestClient.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

describe('npm start', () => {
  it('serves the game with the settings of its environment and shuts down cleanly on SIGTERM', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'mud-start-'));
    const child = spawn(process.execPath, ['scripts/start.mjs'], {
      cwd: ROOT,
      env: {
        ...process.env,
        MUD_PORT: '0',
        MUD_HOST: '127.0.0.1',
        MUD_DATA_DIR: dataDir,
        MUD_LOG_LEVEL: 'warn',
        MUD_MAX_FRAME_BYTES: '1024',
        MUD_SERVER_NAME: 'Start Test',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      output += d.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
    try {
      await expect
        .poll(() => /PORTAL_LISTENING (\d+)/.exec(output)?.[1], { timeout: 60_000, interval: 50 })
        .toBeDefined();
      const port = Number(/PORTAL_LISTENING (\d+)/.exec(output)?.[1]);
      const url = `http://127.0.0.1:${port}`;
      await expect
        .poll(async () => ((await (await fetch(`${url}/health`)).json()) as { server: string }).server, {
          timeout: 30_000,
        })
        .toBe('up');
      expect(await (await fetch(url)).text()).toContain('<div id="root">');

      const player = await TestClient.connect(`ws://127.0.0.1:${port}/ws`);
      await player.waitForText('Start Test');
      // A frame just under the configured limit is served; one over it is refused with 1009.
      player.line(`look ${'x'.repeat(900)}`);
      await player.waitForText('connect <username> <password>', 1);
      const bystander = await TestClient.connect(`ws://127.0.0.1:${port}/ws`);
      await bystander.waitForText('Start Test');
      player.line('x'.repeat(1100));
      expect(await player.closed).toBe(CloseCode.MessageTooBig);

      child.kill('SIGTERM');
      expect(await bystander.closed).toBe(CloseCode.GoingAway);
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  }, 120_000);
});
