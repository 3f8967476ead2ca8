import type { MudTestHooks } from './app/testHooks.js';

declare global {
  interface Window {
    /** End-to-end test hook, see `app/testHooks.ts` (docs/architecture.md#test-hooks). */
    __mud?: MudTestHooks;
  }
}
