/**
 * The attack suite's name and player-text rows from the second, outside attack (issue 14), over
 * real sockets: invisible and stacked-mark names refused at creation (account and character),
 * a `pose` padded with markup spaces cannot push a fake system line onto a row of its own, and
 * line separators never reach another player.
 */
import { ErrorCode } from '@mud/protocol';
import { describe, expect, it } from 'vitest';
import { connect, createAccount } from '../src/testing/players.js';
import { LoginRefused, type TestClient } from '../src/testing/TestClient.js';
import { plain } from '../src/testing/text.js';
import { gameSuite } from './support.js';

const suite = gameSuite({});
const PASSWORD = 'correct-horse-42';

async function refusal(name: string): Promise<string | undefined> {
  const client = suite.track(await connect(suite.game));
  try {
    await client.enter('create', name, PASSWORD);
    return undefined;
  } catch (err) {
    if (err instanceof LoginRefused) return err.code;
    throw err;
  }
}

/** The text frames `client` received after `from`, raw (after the server's rendering). */
const textsSince = (client: TestClient, from: number): string[] =>
  client.frames.slice(from).flatMap((f) => (f[0] === 'text' ? [String(f[1][0])] : []));

describe('names and player text (issue 14)', () => {
  it('refuses invisible twins and blank names made of default-ignorable code points', async () => {
    suite.track(await createAccount(suite.game, 'alice', PASSWORD));
    for (const twin of ['alice\u034F', 'alice\uFE0F', 'alice\u{E0100}', 'alice\u17B4', 'al\u115Fice']) {
      expect(await refusal(twin), JSON.stringify(twin)).toBe(ErrorCode.InvalidName);
    }
    expect(await refusal('\u3164\u3164\u3164')).toBe(ErrorCode.InvalidName);
  });

  it('counts combining marks after normalisation: three or four stacked on a letter are refused', async () => {
    expect(await refusal('Zoe\u0301\u0302\u0303')).toBe(ErrorCode.InvalidName);
    expect(await refusal('Zo\u00E9\u0302\u0303')).toBe(ErrorCode.InvalidName);
    // Two marks on one letter are a real name.
    const ok = suite.track(await createAccount(suite.game, 'Nguyễn', PASSWORD));
    expect(ok.closeCode).toBeUndefined();
  });

  it('a pose padded with markup spaces reaches others with one space, so it cannot fake a line', async () => {
    const griefer = suite.track(await createAccount(suite.game, 'Grief', PASSWORD));
    const victim = suite.track(await createAccount(suite.game, 'Victim', PASSWORD));
    const from = victim.frames.length;
    griefer.line(`pose waves.${'|_'.repeat(200)}You have been booted by admin.`);
    griefer.line(`say hi${' '.repeat(120)}|-|-|-there`);
    await victim.waitForText('there', from);
    const seen = textsSince(victim, from).join('\n');
    expect(seen).toContain('Grief waves. You have been booted by admin.');
    expect(plain(seen)).toContain('Grief says, "hi there"');
    expect(seen).not.toMatch(/ {2,}|\t/);
  });

  it('strips U+2028 and U+2029 from what others read', async () => {
    const speaker = suite.track(await createAccount(suite.game, 'Sayer', PASSWORD));
    const listener = suite.track(await createAccount(suite.game, 'Hearer', PASSWORD));
    const from = listener.frames.length;
    speaker.line('say one\u2028two\u2029three');
    await listener.waitForText('onetwothree', from);
    expect(textsSince(listener, from).join('')).not.toMatch(/[\u2028\u2029]/);
  });
});
