import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'apps/*/src/**/*.test.ts',
      'apps/*/test/**/*.test.ts',
      'packages/*/src/**/*.test.ts',
      // The soak's own logic (its verdicts), not the soak run itself.
      'soak/src/**/*.test.ts',
      // The repository's own scripts (plain Node ESM, no build).
      'scripts/**/*.test.mjs',
    ],
    environment: 'node',
    // Generous: integration tests boot real processes on a shared two-core machine; they assert
    // behaviour, never speed.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Integration tests boot real processes; two cores are shared, so keep the pool small.
    maxWorkers: 2,
  },
});
