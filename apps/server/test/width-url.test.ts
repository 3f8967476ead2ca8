/**
 * The screen size in the websocket URL (docs/sessions.md#screen-width): the connection screen,
 * sent before the client's first frame, is wrapped to `?screenwidth=`; a value that is not a
 * whole number is ignored (80 columns), and `client_options` still changes the width later.
 */
import { describe, expect, it } from 'vitest';
import { TestClient } from '../src/testing/TestClient.js';
import { plain } from '../src/testing/text.js';
import { textWidth } from '../src/text/wrap.js';
import { gameSuite } from './support.js';

const suite = gameSuite({});

/** The connection screen's lines as a client connecting to `query` reads them. */
async function screenAt(query: string): Promise<{ client: TestClient; lines: string[] }> {
  const client = suite.track(await TestClient.connect(`${suite.game.wsUrl}${query}`));
  // The screen is one text frame (at 30 columns its lines break where a needle could not be found).
  await client.waitForFrame('text');
  const lines = client.frames.filter((f) => f[0] === 'text').flatMap((f) => plain(String(f[1][0])).split(/\r?\n/));
  return { client, lines };
}

describe('screen width from the websocket URL', () => {
  it('wraps the connection screen to the width the URL gives, before any frame', async () => {
    const { lines } = await screenAt('?screenwidth=30&screenheight=20');
    expect(Math.max(...lines.map(textWidth))).toBeLessThanOrEqual(30);
    expect(lines).toContain('='.repeat(30));
    // Words are whole: "existing" is on one line.
    expect(lines.some((line) => /\bexisting\b/.test(line))).toBe(true);
  });

  it('ignores a width that is not a whole number: 80 columns, until client_options says', async () => {
    const { client, lines } = await screenAt('?screenwidth=30px');
    expect(Math.max(...lines.map(textWidth))).toBeGreaterThan(30);
    expect(Math.max(...lines.map(textWidth))).toBeLessThanOrEqual(80);
    client.send(['client_options', [], { screenwidth: 30 }]);
    const from = client.frames.length;
    await client.command('look', 'WebMUD');
    const again = client.frames
      .slice(from)
      .filter((f) => f[0] === 'text')
      .flatMap((f) => plain(String(f[1][0])).split(/\r?\n/));
    expect(Math.max(...again.map(textWidth))).toBeLessThanOrEqual(30);
  });
});
