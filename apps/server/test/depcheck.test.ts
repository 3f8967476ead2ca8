/**
 * The dependency rule (`npm run depcheck`, .dependency-cruiser.cjs) fails on what it must catch:
 * a circle made only of type imports, and a layer importing upward. Runs the real checker on a
 * throw-away tree laid out like the repository.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const dirs: string[] = [];

function depcheck(files: Record<string, string>): { status: number | null; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'depcheck-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'tsconfig.base.json'), JSON.stringify({ compilerOptions: { module: 'ESNext' } }));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const result = spawnSync(
    join(ROOT, 'node_modules/.bin/depcruise'),
    ['apps', '--config', join(ROOT, '.dependency-cruiser.cjs'), '--output-type', 'err'],
    { cwd: dir, encoding: 'utf8' },
  );
  return { status: result.status, output: result.stdout + result.stderr };
}

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('the dependency rule', () => {
  it('passes a tree that imports downward only', () => {
    const { status, output } = depcheck({
      'apps/server/src/session/ServerSession.ts':
        "import type { SessionAccount } from './types.js';\nexport type S = SessionAccount;\n",
      'apps/server/src/session/types.ts': 'export interface SessionAccount { id: number }\n',
      'apps/server/src/commands/Command.ts':
        "import type { S } from '../session/ServerSession.js';\nexport type C = S;\n",
    });
    expect(output).toContain('no dependency violations');
    expect(status).toBe(0);
  });

  it('fails on a circle of type-only imports', () => {
    const { status, output } = depcheck({
      'apps/server/src/objects/Room.ts':
        "import type { Character } from './Character.js';\nexport type Room = { in: Character[] };\n",
      'apps/server/src/objects/Character.ts':
        "import type { Room } from './Room.js';\nexport type Character = { at: Room };\n",
    });
    expect(output).toContain('no-circular');
    expect(status).not.toBe(0);
  });

  it('fails when a lower layer imports upward', () => {
    const { status, output } = depcheck({
      'apps/server/src/session/ServerSession.ts':
        "import type { Command } from '../commands/Command.js';\nexport type S = Command;\n",
      'apps/server/src/commands/Command.ts': 'export type Command = { key: string };\n',
      'apps/server/src/commands/CmdLook.ts': "import type { G } from '../server/GameServer.js';\nexport type L = G;\n",
      'apps/server/src/server/GameServer.ts': 'export type G = 1;\n',
    });
    expect(output).toContain('session-imports-no-game-code');
    expect(output).toContain('commands-import-no-server');
    expect(status).not.toBe(0);
  });
});
