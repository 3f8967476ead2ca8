import { defineConfig } from '@playwright/test';
import base from './playwright.config.js';

/**
 * Takes the README's screenshots against a real game (run by hand, not by `npm test`):
 *   cd e2e && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npx playwright test -c screenshots.config.ts
 */
export default defineConfig({
  ...base,
  testDir: './scripts',
  testMatch: 'screenshots.spec.ts',
  reporter: [['list']],
});
