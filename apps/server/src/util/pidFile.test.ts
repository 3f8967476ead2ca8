import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writePidFile } from './pidFile.js';

describe('writePidFile', () => {
  it('replaces the file whole and leaves no temporary file behind', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mud-pid-'));
    const file = join(dir, 'server.pid');
    writePidFile(file, 123);
    writePidFile(file, 4567);
    expect(readFileSync(file, 'utf8')).toBe('4567\n');
    expect(readdirSync(dir)).toEqual(['server.pid']);
  });
});
