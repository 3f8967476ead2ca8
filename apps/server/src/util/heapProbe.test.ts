import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { HEAP_SAMPLES_FILE } from './heapProbe.js';

const PROBE = fileURLToPath(new URL('./heapProbe.ts', import.meta.url));
const children: ChildProcess[] = [];

/** A Node process that installs the probe, says `ready`, and idles; `--expose-gc` or not. */
async function probed(dataDir: string, exposeGc: boolean): Promise<ChildProcess> {
  const code = `import { installHeapProbe } from ${JSON.stringify(PROBE)};
installHeapProbe('portal', ${JSON.stringify(dataDir)});
process.stdout.write('ready\\n');
process.stdin.on('data', () => process.stdout.write('pong\\n'));`;
  const child = spawn(
    process.execPath,
    [...(exposeGc ? ['--expose-gc'] : []), '--import', import.meta.resolve('tsx'), '--input-type=module', '-e', code],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('ready')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code}`)));
  });
  return child;
}

async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

describe('the heap probe', () => {
  it('writes one sample line per SIGUSR2 in a process with --expose-gc', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mud-heap-'));
    const child = await probed(dir, true);
    const file = join(dir, HEAP_SAMPLES_FILE);
    const lines = () => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : []);
    child.kill('SIGUSR2');
    await until(() => lines().length === 1);
    child.kill('SIGUSR2');
    await until(() => lines().length === 2);
    const sample = JSON.parse(lines()[1] as string);
    expect(sample).toMatchObject({ pid: child.pid, role: 'portal' });
    expect(sample.heapUsed).toBeGreaterThan(0);
    expect(sample.codeUsed).toBeGreaterThan(0);
    expect(sample.codeUsed).toBeLessThan(sample.heapUsed);
    expect(sample.rss).toBeGreaterThan(sample.heapUsed);
    expect(sample.uptime).toBeGreaterThan(0);
    expect(Math.abs(sample.at - Date.now())).toBeLessThan(60_000);
  });

  it('ignores SIGUSR2 without --expose-gc: the process lives on and writes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mud-heap-'));
    const child = await probed(dir, false);
    child.kill('SIGUSR2');
    // The signal is pending before the ping is written, so it is delivered before the ping is
    // read: a pong proves the process outlived it (SIGUSR2's default action ends a process).
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stdin?.write('ping\n');
    await until(() => out.includes('pong') || child.exitCode !== null || child.signalCode !== null);
    expect(child.signalCode).toBe(null);
    expect(out).toContain('pong');
    expect(existsSync(join(dir, HEAP_SAMPLES_FILE))).toBe(false);
  });
});
