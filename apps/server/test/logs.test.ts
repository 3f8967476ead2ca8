/**
 * Passwords and resume tokens never reach a log (issue 2, issue 5), at the most verbose level,
 * whichever way they were sent: typed `create` / `connect`, the structured `login` and `create`
 * frames, a wrong password, a `password` change, a resume.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GameProcess } from '../src/testing/GameProcess.js';
import { connect, createAccount } from '../src/testing/players.js';
import { RELAXED_LIMITS, refusal } from './support.js';

describe('logs', () => {
  it('hold no password and no resume token, even at trace level', async () => {
    const game = await GameProcess.start({
      env: { ...RELAXED_LIMITS, MUD_LOG_LEVEL: 'trace', MUD_RESUME_GRACE: '30' },
    });
    const secrets = ['typed-secret-71', 'framed-secret-72', 'wrong-guess-73', 'changed-secret-74'];
    try {
      const typed = await createAccount(game, 'Scribe', secrets[0] as string);
      await typed.command(`password ${secrets[0]} = ${secrets[3]}`, 'Password changed');

      const framed = await connect(game);
      framed.send(['create', [], { name: 'Quill', password: secrets[1] as string }]);
      await framed.waitForFrame('logged_in');
      const guesser = await connect(game);
      guesser.send(['login', [], { name: 'Quill', password: secrets[2] as string }]);
      await guesser.waitForFrame('error');
      await refusal(guesser, `connect Quill ${secrets[2]}`);

      const token = framed.last('resume_token')?.[2].token;
      if (!token) throw new Error('no resume token');
      secrets.push(token);
      framed.socket.terminate();
      await framed.closed;
      const back = await connect(game);
      back.send(['resume', [], { token }]);
      await back.waitForFrame('resumed');
      const rotated = await back.waitForFrame('resume_token');
      secrets.push(rotated[2].token);
    } finally {
      expect(await game.stop()).toBe(0);
    }

    const logs = ['portal.log', 'server.log'].map((file) => readFileSync(join(game.dataDir, 'logs', file), 'utf8'));
    const all = [...logs, game.log()].join('\n');
    // The logs are written at all: each process logged what happened.
    expect(logs[0]).toContain('session resumed');
    expect(logs[1]).toContain('account created');
    expect(logs[1]).toContain('failed login');
    for (const secret of secrets) expect(all).not.toContain(secret);
  });

  it('speak to a person with MUD_LOG_FORMAT=pretty (readable lines, where to play) and to a machine by default', async () => {
    const pretty = await GameProcess.start({
      env: { MUD_LOG_FORMAT: 'pretty', MUD_LOG_LEVEL: 'info', MUD_SERVER_NAME: 'Prettymud' },
    });
    try {
      await expect.poll(() => pretty.log(), { timeout: 30_000 }).toContain('Prettymud is running.');
      const out = pretty.log();
      expect(out).toContain(`Play in a browser:  http://127.0.0.1:${pretty.port}/`);
      // Readable lines: level and message in words, no JSON objects.
      expect(out).toMatch(/INFO.*\(portal\).*portal listening/);
      expect(out).not.toMatch(/^\{"level"/m);
    } finally {
      expect(await pretty.stop()).toBe(0);
    }
    // The files keep JSON whatever stdout shows.
    expect(readFileSync(join(pretty.dataDir, 'logs', 'portal.log'), 'utf8')).toMatch(/^\{"level"/);

    // Not a terminal (the kit reads a pipe) and no format set: JSON lines, the addresses as a record.
    const machine = await GameProcess.start({ env: { MUD_LOG_LEVEL: 'info' } });
    try {
      await expect.poll(() => machine.log(), { timeout: 30_000 }).toContain('"msg":"serving"');
      expect(machine.log()).toMatch(/^\{"level":30,.*"msg":"portal listening"/m);
      expect(machine.log()).not.toContain('is running.');
    } finally {
      await machine.stop();
    }
  });
});
