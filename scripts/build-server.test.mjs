import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { distOf, ensureServerBuild, PORTAL_MAIN, serverBuildFresh, sourcesOf, TREES } from './build-server.mjs';

/** Every `.js` file under `dir`. */
function compiled(dir) {
  return readdirSync(dir, { recursive: true })
    .filter((name) => name.endsWith('.js'))
    .map((name) => join(dir, name))
    .sort();
}

describe('the compiled server (scripts/build-server.mjs)', () => {
  it('is one JavaScript file per source file, and fresh once built, whoever asks at the same time', async () => {
    // Concurrent callers (parallel test workers) wait for one build rather than race.
    await Promise.all([ensureServerBuild(), ensureServerBuild()]);
    expect(serverBuildFresh()).toBe(true);
    expect(existsSync(PORTAL_MAIN)).toBe(true);
    for (const tree of TREES) {
      const sources = sourcesOf(tree.src);
      expect(sources.some((file) => file.endsWith('.test.ts') || file.includes('/testing/'))).toBe(false);
      // Nothing more, nothing less: a module bundled into another would be a second copy of it.
      expect(compiled(tree.dist).map((file) => relative(tree.dist, file))).toEqual(
        sources.map((file) => relative(tree.dist, distOf(file))).sort(),
      );
    }
  });

  it('imports the protocol by its compiled path: plain node cannot load its TypeScript', () => {
    const [server] = TREES.filter((tree) => tree.name === 'server');
    const handler = readFileSync(join(server.dist, 'server/SessionInput.js'), 'utf8');
    expect(handler).toContain('from "../../../../packages/protocol/dist/index.js"');
    for (const file of compiled(server.dist)) expect(readFileSync(file, 'utf8')).not.toContain('"@mud/protocol"');
  });
});
