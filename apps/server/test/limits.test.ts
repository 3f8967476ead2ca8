/**
 * docs/settings.md#limits limits over real sockets: command rate, sessions per address, connection rate,
 * login throttle, idle timeout. Each game is started with small limits so tests stay quick.
 */
import { CloseCode, ErrorCode } from '@mud/protocol';
import { afterAll, describe, expect, it } from 'vitest';
import { GameProcess } from '../src/testing/GameProcess.js';
import { connect } from '../src/testing/players.js';
import { TestClient } from '../src/testing/TestClient.js';
import { refusal } from './support.js';

const games: GameProcess[] = [];
afterAll(async () => {
  await Promise.all(games.map((g) => g.stop()));
});
async function start(env: Record<string, string>): Promise<GameProcess> {
  const game = await GameProcess.start({ env });
  games.push(game);
  return game;
}
const player = connect;

describe('limits', () => {
  it('drops input beyond MUD_MAX_COMMAND_RATE, says so, and leaves others alone', async () => {
    const game = await start({ MUD_MAX_COMMAND_RATE: '10' });
    const flooder = await player(game);
    const bystander = await player(game);
    for (let i = 0; i < 200; i++) flooder.line('help');
    const error = await flooder.waitForFrame('error');
    expect(error[2].code).toBe(ErrorCode.RateLimited);
    expect(error[1][0]).toContain('You entered commands too fast');
    expect(await bystander.command('look', 'connect <username>')).toBeTruthy();
    // Most of the flood was dropped: far fewer answers than lines.
    await new Promise((r) => setTimeout(r, 300));
    const answers = flooder.frames.filter((f) => f[0] === 'text' && String(f[1][0]).includes('Available commands'));
    expect(answers.length).toBeLessThan(50);
    expect(answers.length).toBeGreaterThanOrEqual(10);
    // The flooder is still connected and is served again once it slows down.
    await new Promise((r) => setTimeout(r, 1100));
    expect(await flooder.command('look', 'connect <username>')).toBeTruthy();
  });

  it('counts refused frames against MUD_MAX_COMMAND_RATE too: past it they are dropped unanswered', async () => {
    const game = await start({ MUD_MAX_COMMAND_RATE: '10' });
    const garbler = await player(game);
    const bystander = await player(game);
    const from = garbler.frames.length;
    // 40 frames the schema refuses, some binary, then a valid command in the same breath.
    for (let i = 0; i < 40; i++) {
      if (i % 4 === 3) garbler.sendRaw(Buffer.from('["text", ["look"], {}]'), { binary: true });
      else garbler.sendRaw(i % 2 ? `{"junk": ${i}}` : '["launch_missiles", [], {}]');
    }
    garbler.line('look');
    await garbler.waitForFrame('error', from);
    expect(await bystander.command('look', 'connect <username>')).toBeTruthy();
    await new Promise((r) => setTimeout(r, 300));
    const codes = garbler.frames.slice(from).flatMap((f) => (f[0] === 'error' ? [f[2].code] : []));
    // The burst of 10 answered (plus a token or two refilled meanwhile), then one warning.
    expect(codes.filter((c) => c !== ErrorCode.RateLimited).length).toBeGreaterThanOrEqual(10);
    expect(codes.filter((c) => c !== ErrorCode.RateLimited).length).toBeLessThanOrEqual(14);
    expect(codes.filter((c) => c === ErrorCode.RateLimited)).toHaveLength(1);
    // The garbage used up the tokens: the valid command behind it was dropped as well.
    const answered = garbler.frames.slice(from).filter((f) => f[0] === 'text' && String(f[1][0]).includes('connect <'));
    expect(answered).toEqual([]);
    // Once it slows down, it is served again.
    await new Promise((r) => setTimeout(r, 1100));
    expect(await garbler.command('look', 'connect <username>')).toBeTruthy();
  });

  it('caps concurrent sessions per address (1008) and frees a place when one closes', async () => {
    const game = await start({ MUD_MAX_SESSIONS_PER_IP: '3', MUD_MAX_CONNECTION_RATE: '100' });
    const held = await Promise.all([player(game), player(game), player(game)]);
    const fourth = await TestClient.connect(game.wsUrl);
    expect(await fourth.closed).toBe(CloseCode.PolicyViolation);
    expect(fourth.frames[0]?.[0] === 'error' && fourth.frames[0][2].code).toBe(ErrorCode.Throttled);
    held[0]?.close();
    await held[0]?.closed;
    await game.waitForServer('up');
    await expect.poll(async () => (await game.health()).sessions, { timeout: 5000 }).toBe(2);
    const again = await player(game);
    again.close();
  });

  it('refuses connections beyond MUD_MAX_CONNECTION_RATE with 1013', async () => {
    const rated = await start({ MUD_MAX_CONNECTION_RATE: '2' });
    const results = await Promise.all(
      Array.from({ length: 6 }, async () => {
        const c = await TestClient.connect(rated.wsUrl);
        const code = await Promise.race([
          c.closed,
          new Promise<undefined>((r) => setTimeout(() => r(undefined), 1500)),
        ]);
        c.close();
        return code;
      }),
    );
    expect(results.filter((code) => code === CloseCode.TryAgainLater).length).toBeGreaterThanOrEqual(3);
  });

  it('throttles failed logins per address: then even the right password is refused', async () => {
    const game = await start({ MUD_LOGIN_THROTTLE_LIMIT: '3', MUD_CREATION_THROTTLE_LIMIT: '0' });
    const a = await player(game);
    await a.command('create Target target-secret-1', 'logged in as Target');
    const b = await player(game);
    for (let i = 0; i < 3; i++) {
      expect((await refusal(b, `connect Target wrong-${i}-password`)).code).toBe(ErrorCode.LoginFailed);
    }
    expect((await refusal(b, 'connect Target target-secret-1')).code).toBe(ErrorCode.Throttled);
  });

  it('throttles account creation per address', async () => {
    const game = await start({ MUD_CREATION_THROTTLE_LIMIT: '1' });
    const a = await player(game);
    await a.command('create Firstone first-secret-1', 'logged in as Firstone');
    const b = await player(game);
    expect((await refusal(b, 'create Secondone second-secret-2')).code).toBe(ErrorCode.Throttled);
  });

  it('disconnects sessions idle past MUD_IDLE_TIMEOUT, but not a superuser', async () => {
    const game = await start({ MUD_IDLE_TIMEOUT: '2' });
    const admin = await player(game);
    await admin.command('create Boss boss-secret-1', 'superuser');
    const idler = await player(game);
    expect(await idler.closed).toBe(CloseCode.Normal);
    expect(idler.text()).toContain('Idle timeout');
    expect(admin.closeCode).toBeUndefined();
    expect(await admin.command('who', 'logged in.')).toContain('Boss');
  });
});
