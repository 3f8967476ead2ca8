/**
 * Resume after a dropped socket (issue 5, portal side): the session waits detached for the grace
 * period with its output buffered; a new connection presenting the private token gets the same
 * session back (sessid, login, puppet); tokens are single use and rotate; after the grace the
 * session ends as a normal disconnect; a deliberate close (1000) ends it at once.
 */
import { CloseCode, ErrorCode } from '@mud/protocol';
import { describe, expect, it } from 'vitest';
import { GameProcess } from '../src/testing/GameProcess.js';
import { connect, createAccount, login } from '../src/testing/players.js';
import { TestClient } from '../src/testing/TestClient.js';
import { RELAXED_LIMITS } from './support.js';

function tokenOf(client: TestClient): string {
  const frame = client.last('resume_token');
  if (!frame) throw new Error('no resume token received');
  return frame[2].token;
}

/** Drops the connection the way a network failure does: no close handshake (1006 at the portal). */
function drop(client: TestClient): Promise<number> {
  client.socket.terminate();
  return client.closed;
}

describe('resume', () => {
  it('a dropped socket resumes the same session with the output it missed; tokens are single use; 1000 ends at once', async () => {
    const game = await GameProcess.start({ env: { ...RELAXED_LIMITS, MUD_RESUME_GRACE: '30' } });
    try {
      const watcher = await createAccount(game, 'Watcher', 'watcher-secret-1');
      const a = await createAccount(game, 'Roamer', 'roamer-secret-1');
      const state = a.last('session');
      expect(state?.[2].puppet).toBe('Roamer');
      const token = tokenOf(a);
      expect(token.length).toBeGreaterThanOrEqual(32);

      await drop(a);
      // While detached: the character stays in the game and missed output is kept.
      await watcher.command('say are you there?', 'You say');
      const who = await watcher.command('who', 'logged in.');
      expect(who).toContain('Roamer');

      const b = await connect(game);
      const from = b.frames.length;
      b.send(['resume', [], { token }]);
      const resumed = await b.waitForFrame('resumed', from);
      expect(resumed[2].sessid).toBe(state?.[2].sessid);
      // The resumed connection is told its state again, without asking.
      const restated = await b.waitForState('session', (f) => f[2].sessid === state?.[2].sessid);
      expect(restated[2]).toMatchObject({ loggedIn: true, account: 'Roamer', puppet: 'Roamer' });
      await b.waitForState('charmenu', (f) => f[2].account === 'Roamer');
      await b.waitForText('Watcher says, "are you there?"', from);
      const rotated = await b.waitForFrame('resume_token', from);
      expect(rotated[2].token).not.toBe(token);
      const sessions = await b.command('sessions', 'Sessid');
      expect(sessions).toMatch(new RegExp(`^${state?.[2].sessid}\\*\\s+websocket\\s+\\S+\\s+Roamer`, 'm'));
      // Nobody saw the character leave or enter.
      expect(watcher.text()).not.toMatch(/Roamer has left/);

      // The spent token does not work again.
      const c = await connect(game);
      c.send(['resume', [], { token }]);
      const refused = await c.waitForFrame('error');
      expect(refused[2].code).toBe(ErrorCode.ResumeFailed);
      expect(await c.command('look', 'connect <username>')).toBeTruthy();

      // A deliberate close (1000) ends the session without waiting out the 30 s grace.
      const closer = await createAccount(game, 'Closer', 'closer-secret-1');
      const mark = watcher.frames.length;
      closer.close();
      await watcher.waitForText('Closer has left the game.', mark);
      for (const client of [watcher, b, c]) client.close();
    } finally {
      await game.stop();
    }
  });

  it('a copied token (a duplicated tab) cannot take a live session; a half-open connection is taken over', async () => {
    const game = await GameProcess.start({ env: { ...RELAXED_LIMITS, MUD_RESUME_GRACE: '30' } });
    try {
      // This tab answers pings only while `alive`, as a connection that went half-open would stop.
      const original = await TestClient.connect(game.wsUrl, { autoPong: false });
      let alive = true;
      original.socket.on('ping', (data) => {
        if (alive) original.socket.pong(data);
      });
      await original.waitForText('connect <username> <password>');
      original.line('create Twin twin-secret-12');
      await original.waitForFrame('logged_in');
      const sessid = (await original.waitForState('session', (f) => f[2].loggedIn))[2].sessid;
      const token = tokenOf(original);

      // The copy presents the original's token while the original still answers: it gets a new
      // session of its own, and the original keeps its session, connection and token.
      const copy = await connect(game);
      copy.send(['resume', [], { token }]);
      expect((await copy.waitForFrame('error'))[2].code).toBe(ErrorCode.ResumeFailed);
      expect(copy.last('session')?.[2]).toMatchObject({ loggedIn: false });
      expect(copy.last('session')?.[2].sessid).not.toBe(sessid);
      expect(await original.command('sessions', 'Sessid')).toMatch(new RegExp(`^${sessid}\\*`, 'm'));
      expect(original.closeCode).toBeUndefined();

      // Once the original stops answering, the same token resumes its session on a new connection.
      alive = false;
      const back = await connect(game);
      const from = back.frames.length;
      back.send(['resume', [], { token }]);
      expect((await back.waitForFrame('resumed', from))[2].sessid).toBe(sessid);
      expect(await back.command('sessions', 'Sessid')).toMatch(
        new RegExp(`^${sessid}\\*\\s+websocket\\s+\\S+\\s+Twin`, 'm'),
      );
      expect(await original.closed).toBe(CloseCode.Normal);
      for (const client of [copy, back]) client.close();
    } finally {
      await game.stop();
    }
  });

  it('after the grace period the session ends as a normal disconnect and its token is void', async () => {
    const game = await GameProcess.start({ env: { ...RELAXED_LIMITS, MUD_RESUME_GRACE: '2' } });
    try {
      const watcher = await createAccount(game, 'Watcher', 'watcher-secret-1');
      const a = await createAccount(game, 'Leaver', 'leaver-secret-1');
      const token = tokenOf(a);
      const from = watcher.frames.length;
      await drop(a);
      await watcher.waitForText('Leaver has left the game.', from, 10_000);
      const b = await connect(game);
      b.send(['resume', [], { token }]);
      expect((await b.waitForFrame('error'))[2].code).toBe(ErrorCode.ResumeFailed);
      for (const client of [watcher, b]) client.close();
    } finally {
      await game.stop();
    }
  });

  it('a password change voids the account’s other resume tokens, ends a session waiting on one, keeps its own', async () => {
    const game = await GameProcess.start({
      env: { ...RELAXED_LIMITS, MUD_RESUME_GRACE: '60', MUD_MULTISESSION_MODE: '2' },
    });
    try {
      const owner = await createAccount(game, 'Keyholder', 'old-secret-123');
      const stolen = await login(game, 'Keyholder', 'old-secret-123');
      const live = await login(game, 'Keyholder', 'old-secret-123');
      const [ownerToken, stolenToken, liveToken] = [tokenOf(owner), tokenOf(stolen), tokenOf(live)];
      await drop(stolen);
      expect((await game.health()).sessions).toBe(3);

      await owner.command('password old-secret-123 = new-secret-456', 'Password changed.');
      // The session that waited for a resume is over at once, not at the end of its grace.
      await expect.poll(async () => (await game.health()).sessions).toBe(2);
      const resumeWith = async (token: string) => {
        const client = await connect(game);
        const from = client.frames.length;
        client.send(['resume', [], { token }]);
        return (await client.waitForFrame('error', from))[2].code;
      };
      expect(await resumeWith(stolenToken)).toBe(ErrorCode.ResumeFailed);
      // A tab still attached keeps playing, but its old token no longer brings it back.
      expect(live.closeCode).toBeUndefined();
      await drop(live);
      expect(await resumeWith(liveToken)).toBe(ErrorCode.ResumeFailed);
      // The session that changed the password keeps its own token.
      await drop(owner);
      const back = await connect(game);
      const from = back.frames.length;
      back.send(['resume', [], { token: ownerToken }]);
      await back.waitForFrame('resumed', from);
    } finally {
      await game.stop();
    }
  });

  it('a tab closed with 1001 leaves within MUD_RESUME_GRACE_CLOSED; a refresh within it resumes', async () => {
    const game = await GameProcess.start({
      env: { ...RELAXED_LIMITS, MUD_RESUME_GRACE: '60', MUD_RESUME_GRACE_CLOSED: '2' },
    });
    try {
      const watcher = await createAccount(game, 'Lookout', 'lookout-secret-1');
      const closer = await createAccount(game, 'Closer', 'closer-secret-1');
      const refresher = await createAccount(game, 'Refresher', 'refresher-secret-1');
      const refresherSessid = refresher.last('session')?.[2].sessid;
      const token = tokenOf(refresher);
      const from = watcher.frames.length;

      // What a browser sends when its tab closes or reloads: a close frame with 1001.
      closer.socket.close(CloseCode.GoingAway);
      refresher.socket.close(CloseCode.GoingAway);
      await Promise.all([closer.closed, refresher.closed]);
      const back = await connect(game);
      const mark = back.frames.length;
      back.send(['resume', [], { token }]);
      expect((await back.waitForFrame('resumed', mark))[2].sessid).toBe(refresherSessid);

      // The closed tab's character leaves once the short grace is over, not after a minute.
      await watcher.waitForText('Closer has left the game', from, 15_000);
      expect(await watcher.command('who', 'logged in.')).not.toContain('Closer');
      expect(watcher.textSince(from)).not.toContain('Refresher has left');
    } finally {
      await game.stop();
    }
  });
});
