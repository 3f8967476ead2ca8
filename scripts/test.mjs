/**
 * `npm test`: set up what is missing (pnpm, dependencies, web build, compiled server, Debian's
 * Chromium, TinTin++, telnet, ssh, sshpass, tmux), then run every suite — lint, doc references,
 * typecheck, dependency rule, unit + integration (Vitest), end-to-end (Playwright) — and print
 * one summary line. Stops at the first failing step.
 */
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  ensureDependencies,
  ensurePnpm,
  ensureTestPackages,
  ensureWebBuild,
  log,
  ROOT,
  run,
  workspaceMembers,
} from './setup.mjs';

const started = Date.now();
const reports = join(ROOT, 'test-results');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

async function step(name, fn) {
  const t = Date.now();
  log(`${name}...`);
  try {
    await fn();
  } catch (err) {
    log(`\x1b[31m${name} failed\x1b[0m: ${err.message}`);
    process.exit(1);
  }
  log(`${name} done in ${((Date.now() - t) / 1000).toFixed(1)} s`);
}

await step('set-up', () => {
  ensurePnpm();
  ensureDependencies();
  ensureTestPackages();
  ensureWebBuild();
});
// Once, before the suites: the test kit runs the compiled portal, and parallel workers would
// otherwise each find the build stale (they would wait for one another, not build twice).
await step('compiling the server', async () => {
  const { ensureServerBuild } = await import('./build-server.mjs');
  await ensureServerBuild();
});
await step('lint and format check', () => run('pnpm', ['exec', 'biome', 'check', '.']));
await step('doc references', () => run('node', ['scripts/check-doc-refs.mjs']));
await step('typecheck', () => {
  for (const project of workspaceMembers().filter((dir) => existsSync(join(ROOT, dir, 'tsconfig.json')))) {
    run('pnpm', ['exec', 'tsc', '--noEmit', '-p', `${project}/tsconfig.json`]);
  }
});
// Import circles and upward imports between layers (.dependency-cruiser.cjs, issue 11).
await step('dependency rule', () => run('pnpm', ['run', '--silent', 'depcheck']));

const counts = { passed: 0, failed: 0, skipped: 0 };
await step('unit and integration tests', () =>
  run('pnpm', [
    'exec',
    'vitest',
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${join(reports, 'vitest.json')}`,
  ]),
);
{
  const v = JSON.parse(readFileSync(join(reports, 'vitest.json'), 'utf8'));
  counts.passed += v.numPassedTests;
  counts.failed += v.numFailedTests;
  counts.skipped += v.numPendingTests + (v.numTodoTests ?? 0);
}
await step('end-to-end tests in Chromium', () =>
  run('pnpm', ['--filter', '@mud/e2e', 'exec', 'playwright', 'test'], {
    env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: join(reports, 'playwright.json') },
  }),
);
if (existsSync(join(reports, 'playwright.json'))) {
  const p = JSON.parse(readFileSync(join(reports, 'playwright.json'), 'utf8'));
  counts.passed += p.stats.expected + (p.stats.flaky ?? 0);
  counts.failed += p.stats.unexpected;
  counts.skipped += p.stats.skipped;
}

log(`all suites passed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
process.stdout.write(`tests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`);
process.exit(counts.failed === 0 ? 0 : 1);
