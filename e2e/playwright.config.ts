import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests drive Debian's Chromium (never a downloaded browser) against the real game,
 * started per worker by the kit's `game` fixture.
 */
export default defineConfig({
  testDir: './tests',
  // Each worker boots its own game; two cores are shared with it, so one worker.
  workers: 1,
  fullyParallel: false,
  // Multi-tab flows on a 2-core CI machine shared with the game itself.
  timeout: 60_000,
  expect: { timeout: 10_000 },
  retries: 0,
  reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ? [['list'], ['json']] : [['list']],
  outputDir: '../test-results/playwright',
  use: {
    headless: true,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      // The machines have no GPU and a closed network: keep Chromium from reaching out.
      args: [
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
    trace: 'retain-on-failure',
  },
});
