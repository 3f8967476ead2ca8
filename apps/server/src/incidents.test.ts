/**
 * Every error the processes log is a named incident from the one catalogue (issue 11): no
 * `logger.error` / `logger.fatal` with free text anywhere but `logIncident` itself.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { INCIDENTS } from './incidents.js';

const SRC = fileURLToPath(new URL('.', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('the incident catalogue', () => {
  it('is the only way errors are logged', () => {
    const offenders = sources(SRC)
      .filter((file) => !file.endsWith('incidents.ts'))
      .flatMap((file) =>
        readFileSync(file, 'utf8')
          .split('\n')
          .flatMap((line, i) =>
            /\blogger\??\.(error|fatal)\(/.test(line) ? [`${relative(SRC, file)}:${i + 1}: ${line.trim()}`] : [],
          ),
      );
    expect(offenders).toEqual([]);
  });

  it('names every incident the code logs', () => {
    const used = new Set(
      sources(SRC).flatMap((file) =>
        [...readFileSync(file, 'utf8').matchAll(/logIncident\([^,]+,\s*'([a-z-]+)'/g)].map((m) => m[1]),
      ),
    );
    expect([...used].filter((name) => name === undefined || !(name in INCIDENTS))).toEqual([]);
    expect(used.size).toBeGreaterThan(10);
  });
});
