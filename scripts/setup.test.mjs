import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { programExists, TEST_PACKAGES } from './setup.mjs';

const root = mkdtempSync(join(tmpdir(), 'mud-setup-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('programExists', () => {
  it('finds a program under a versioned directory through one `*`', () => {
    mkdirSync(join(root, 'lib', '13', 'share'), { recursive: true });
    mkdirSync(join(root, 'lib', '15', 'bin'), { recursive: true });
    writeFileSync(join(root, 'lib', '15', 'bin', 'initdb'), '');
    expect(programExists(join(root, 'lib', '*', 'bin', 'initdb'))).toBe(true);
    expect(programExists(join(root, 'lib', '*', 'bin', 'postgres'))).toBe(false);
    expect(programExists(join(root, 'none', '*', 'bin', 'initdb'))).toBe(false);
    expect(programExists(join(root, 'lib', '15', 'bin', 'initdb'))).toBe(true);
  });

  it('is what the test packages are checked by, PostgreSQL and NATS among them', () => {
    expect(TEST_PACKAGES.map((p) => p.pkg)).toEqual(expect.arrayContaining(['postgresql', 'nats-server']));
  });
});
