import {defineConfig} from 'vitest/config'

// Two projects: pure/unit tests run in parallel; integration tests share one engine and
// several registries, so they run one file at a time with generous timeouts.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['__tests__/**/*.test.ts'],
          exclude: ['__tests__/**/*.itg.test.ts'],
          environment: 'node',
          // Some unit tests talk to in-process fake registries over loopback sockets: on a 2-core machine
          // shared with engine builds, 5 s is not always enough.
          testTimeout: 30_000
        }
      },
      {
        test: {
          name: 'integration',
          include: ['__tests__/**/*.itg.test.ts'],
          environment: 'node',
          fileParallelism: false,
          testTimeout: 300_000,
          hookTimeout: 300_000
        }
      }
    ]
  }
})
