import { defineConfig } from 'vitest/config';

// Two projects: `unit` (pure, fast, no engine) and `integration` (*.int.test.ts: a real
// dockerd started by scripts/test-env, reached through PLUGSMITH_TEST_DOCKER_HOST).
// Integration files share one engine, so they run one file at a time.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['electron/**/*.test.ts', 'renderer/**/*.test.{ts,tsx}', 'scripts/**/*.test.ts', 'examples/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', '**/node_modules/**'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['electron/**/*.int.test.ts', 'examples/**/*.int.test.ts', 'scripts/**/*.int.test.ts'],
          environment: 'node',
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
