/**
 * The secret prompt (docs/sessions.md#the-secret-prompt) over real sockets: `connect <name>`
 * asks `Password:` with `echo: false`, and the next line logs in through the one login path —
 * its refusals and its throttle — without being echoed or logged, after a reload too.
 */
import { ErrorCode } from '@mud/protocol';
import { describe, expect, it } from 'vitest';
import { connect, createAccount } from '../src/testing/players.js';
import type { TestClient } from '../src/testing/TestClient.js';
import { gameSuite } from './support.js';

// Three failed logins from one address are allowed; the fourth is throttled.
const suite = gameSuite({ MUD_MULTISESSION_MODE: '1', MUD_LOGIN_THROTTLE_LIMIT: '3' });
const track = (c: TestClient) => suite.track(c);

/** Types `connect <name>` and waits for the secret prompt. */
async function askPassword(client: TestClient, name: string): Promise<void> {
  const from = client.frames.length;
  client.line(`connect ${name}`);
  const prompt = await client.waitForFrame('prompt', from);
  expect(prompt).toEqual(['prompt', ['Password:'], { echo: false }]);
}

/** Every string the client received, frames of every kind, as sent. */
const everything = (client: TestClient) => client.raw.join('\n');

describe('the secret prompt', () => {
  it('asks for the password with echo off, then logs in with the next line, never echoing it', async () => {
    // The first account is the superuser: the one that reloads below.
    track(await createAccount(suite.game, 'Keeper', 'keeper-secret-1'));
    track(await createAccount(suite.game, 'Quietone', 'quiet-Secret-77'));
    const client = track(await connect(suite.game));
    await askPassword(client, 'Quietone');
    client.line('quiet-Secret-77');
    await client.waitForState('session', (f) => f[2].loggedIn && f[2].account === 'Quietone');
    expect(await client.command('who', 'logged in.')).toContain('Quietone');
    expect(everything(client)).not.toContain('quiet-Secret-77');
    expect(suite.game.log()).not.toContain('quiet-Secret-77');
  });

  it('refuses a wrong password as the typed connect and the login frame do, and an empty line gives up', async () => {
    const client = track(await connect(suite.game));
    await askPassword(client, 'Quietone');
    const from = client.frames.length;
    client.line('not-the-Password-9');
    const refusal = await client.waitForFrame('error', from);
    expect(refusal[2]).toEqual({ code: ErrorCode.LoginFailed, input: 'login' });
    expect(refusal[1][0]).toBe('Incorrect login information given.');
    expect(everything(client)).not.toContain('not-the-Password-9');

    // After a refusal the next line is a command again.
    expect(await client.command('look', 'connect')).toBeTruthy();
    await askPassword(client, 'Quietone');
    expect(await client.command('', 'no password')).toContain('Not connected');
    expect(client.last('session')?.[2].loggedIn).toBe(false);
  });

  it('keeps the pending password question over a reload', async () => {
    const admin = track(await connect(suite.game));
    admin.line('connect Keeper keeper-secret-1');
    await admin.waitForState('session', (f) => f[2].loggedIn);
    const client = track(await connect(suite.game));
    await askPassword(client, 'Quietone');

    const marks = [admin.frames.length, client.frames.length];
    admin.line('reload');
    await admin.waitForText('Server restarted', marks[0]);
    await client.waitForText('Server restarted', marks[1]);

    client.line('quiet-Secret-77');
    await client.waitForState('session', (f) => f[2].loggedIn && f[2].account === 'Quietone');
    expect(everything(client)).not.toContain('quiet-Secret-77');
  }, 120_000);

  it('lets the login form log in while a password is asked for; the next line is a command again', async () => {
    const client = track(await connect(suite.game));
    await askPassword(client, 'Quietone');
    await client.enter('login', 'Quietone', 'quiet-Secret-77');
    expect(await client.command('who', 'logged in.')).toContain('Quietone');
  });

  it('counts a wrong password toward the login throttle, which then refuses even the right one', async () => {
    const client = track(await connect(suite.game));
    let code: string | undefined;
    // One failure above is counted already; the limit is reached within a few more.
    for (let attempt = 0; attempt < 5 && code !== ErrorCode.Throttled; attempt++) {
      await askPassword(client, 'Quietone');
      const from = client.frames.length;
      client.line(`wrong-Password-${attempt}`);
      code = (await client.waitForFrame('error', from))[2].code;
    }
    expect(code).toBe(ErrorCode.Throttled);
    await askPassword(client, 'Quietone');
    const from = client.frames.length;
    client.line('quiet-Secret-77');
    expect((await client.waitForFrame('error', from))[2].code).toBe(ErrorCode.Throttled);
    expect(client.last('session')?.[2].loggedIn).toBe(false);
  });
});
