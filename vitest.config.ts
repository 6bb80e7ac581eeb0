import { defineConfig } from 'vitest/config';

/** Browser test files ported to the neutral Page API (test/support/engines): they run in every engine. */
const PORTED = ['test/browser/engines/*.test.ts', 'test/browser/queue/queue.test.ts', 'test/browser/queue/hide.test.ts', 'test/browser/segments/segments.test.ts',
  'test/browser/spa/auto-page.test.ts',
  'test/browser/vitals/vitals.test.ts',
  'test/browser/datalayer/datalayer.test.ts',
  'test/browser/video/native.test.ts',
  'test/browser/video/players.test.ts',
  'test/browser/video/videojs.test.ts',
  'test/browser/video/hls.test.ts',
  'test/browser/recommendations/widget.test.ts',
  'test/browser/gallery/security.test.ts',
  'test/browser/snippet/csp.test.ts',
];
const ALL_BROWSER = ['test/browser/**/*.test.ts', 'test/collector/**/*.test.ts'];

/** One project per engine, so the JSON report and the log name each engine and its test count. */
const engineProject = (engine: 'chromium' | 'firefox' | 'webkit', include: string[], order: number) => ({
  test: {
    name: `browser-${engine}`,
    include,
    environment: 'node',
    env: { ENCORE_ENGINE: engine },
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks' as const,
    maxWorkers: 2,
    fileParallelism: true,
    sequence: { groupOrder: order },
  },
});

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'happy-dom',
          testTimeout: 10_000,
          sequence: { groupOrder: 0 },
        },
      },
      engineProject('chromium', ALL_BROWSER, 1),
      engineProject('firefox', PORTED, 2),
      engineProject('webkit', PORTED, 3),
    ],
  },
});
