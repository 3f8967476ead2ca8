/**
 * Process lifecycle over real processes: pid files, persistence across a restart, graceful
 * SIGTERM, the superuser `shutdown`, and a killed game server being restarted by the portal.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CloseCode } from '@mud/protocol';
import { describe, expect, it } from 'vitest';
import { GameProcess } from '../src/testing/GameProcess.js';
import { connect } from '../src/testing/players.js';

const player = connect;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('lifecycle', () => {
  it('a port that cannot be bound stops the start with a clear message, exit 1 and no pid file', async () => {
    const game = await GameProcess.start();
    try {
      const dataDir = mkdtempSync(join(tmpdir(), 'mud-bind-'));
      const child = spawn(
        process.execPath,
        ['--import', import.meta.resolve('tsx'), fileURLToPath(new URL('../src/portal/main.ts', import.meta.url))],
        {
          env: { ...process.env, MUD_PORT: String(game.port), MUD_HOST: '127.0.0.1', MUD_DATA_DIR: dataDir },
          stdio: ['ignore', 'ignore', 'pipe'],
        },
      );
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
      });
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      expect(code).toBe(1);
      expect(stderr).toContain(`Cannot listen on 127.0.0.1:${game.port}: it is in use.`);
      expect(existsSync(join(dataDir, 'portal.pid'))).toBe(false);
      // The game already on that port is untouched.
      expect((await game.health()).status).toBe('ok');
    } finally {
      await game.stop('SIGKILL');
    }
  });

  it('writes pid files, keeps accounts across a restart, and shuts down cleanly on SIGTERM', async () => {
    const game = await GameProcess.start();
    expect(await game.pid('portal')).toBe(game.child.pid);
    const serverPid = await game.pid('server');
    expect(alive(serverPid)).toBe(true);

    const a = await player(game);
    await a.command('create Keeper keeper-secret-1', 'logged in as Keeper');
    const b = await player(game);
    // Sessids count from 1 and are never reused while the portal lives (docs/sessions.md#session-properties).
    const gone = await player(game);
    gone.close();
    await gone.closed;
    const c = await player(game);
    expect([a, b, gone, c].map((p) => p.last('session')?.[2].sessid)).toEqual([1, 2, 3, 4]);

    expect(await game.stop('SIGTERM')).toBe(0);
    expect(await a.closed).toBe(CloseCode.GoingAway);
    expect(await b.closed).toBe(CloseCode.GoingAway);
    expect(await c.closed).toBe(CloseCode.GoingAway);
    expect(a.text()).toContain('shutting down');
    expect(alive(serverPid)).toBe(false);
    expect(existsSync(join(game.dataDir, 'portal.pid'))).toBe(false);
    expect(existsSync(join(game.dataDir, 'server.pid'))).toBe(false);

    const again = await GameProcess.start({ dataDir: game.dataDir });
    try {
      const c = await player(again);
      await c.command('connect keeper keeper-secret-1', 'logged in as Keeper');
      c.close();
    } finally {
      expect(await again.stop('SIGINT')).toBe(0);
    }
  });

  it('lets the superuser shut the whole game down; nobody else may', async () => {
    const game = await GameProcess.start();
    const admin = await player(game);
    await admin.command('create Root root-secret-2', 'superuser');
    const other = await player(game);
    await other.command('create Pleb pleb-secret-3', 'logged in as Pleb');
    expect(await other.command('shutdown', 'not available')).toBeTruthy();
    admin.line('shutdown');
    expect(await other.closed).toBe(CloseCode.GoingAway);
    expect(other.text()).toContain('shutting down');
    expect(await game.exited()).toBe(0);
  });

  it('restarts a killed game server; connections, logins and sessids survive', async () => {
    const game = await GameProcess.start();
    try {
      const a = await player(game);
      await a.command('create Phoenix phoenix-secret-4', 'logged in as Phoenix');
      const before = await a.command('sessions', 'Sessid');
      const oldPid = await game.pid('server');
      process.kill(oldPid, 'SIGKILL');
      await a.waitForText('stopped unexpectedly');
      // Until its successor is ready (a boot takes about a second), /health says so.
      await expect.poll(async () => (await game.health()).server, { interval: 20 }).toBe('down');
      await game.waitForServer('up');
      expect(await game.pid('server')).not.toBe(oldPid);
      // Still logged in, same sessid: the account commands answer.
      const after = await a.command('sessions', 'Sessid');
      expect(after).toBe(before);
      expect(a.closeCode).toBeUndefined();
    } finally {
      await game.stop();
    }
  });
});
