import { defineConfig } from 'vitest/config';

/** Browser test files ported to the neutral Page API (test/support/engines): they run in every engine. */
const PORTED = ['test/browser/engines/*.test.ts', 'test/browser/queue/queue.test.ts', 'test/browser/queue/hide.test.ts', 'test/browser/segments/segments.test.ts',
  'test/browser/spa/auto-page.test.ts',
  'test/browser/vitals/vitals.test.ts',
  'test/browser/datalayer/datalayer.test.ts',
  'test/browser/video/native.test.ts',
  'test/browser/video/native-lifecycle.test.ts',
  'test/browser/video/players.test.ts',
  'test/browser/video/videojs.test.ts',
  'test/browser/video/hls.test.ts',
  'test/browser/recommendations/widget.test.ts',
  'test/browser/gallery/security.test.ts',
  'test/browser/snippet/csp.test.ts',
];
const ALL_BROWSER = ['test/browser/**/*.test.ts', 'test/collector/**/*.test.ts'];

/**
 * The media files: real players against real media, timed against the page's truth. They run one
 * file at a time after the rest of the engine's files, so their timing checks never share the
 * 2-core machine with another browser test (two at once missed by 20-130 ms in CI runs).
 */
const MEDIA = ['test/browser/video/**/*.test.ts'];
const PORTED_MEDIA = PORTED.filter((f) => f.startsWith('test/browser/video/'));

/**
 * Two projects per engine (`browser-<engine>` and `browser-<engine>-media`), run together by
 * scripts/test.mjs, so the JSON report and the log name each engine and its test count.
 */
const engineProjects = (engine: 'chromium' | 'firefox' | 'webkit', include: string[], media: string[], order: number) => {
  const common = {
    environment: 'node' as const,
    env: { ENCORE_ENGINE: engine },
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks' as const,
  };
  return [
    { test: { ...common, name: `browser-${engine}`, include, exclude: media, maxWorkers: 2, fileParallelism: true, sequence: { groupOrder: order * 2 - 1 } } },
    {
      test: {
        ...common,
        name: `browser-${engine}-media`,
        include: media,
        maxWorkers: 1,
        fileParallelism: false,
        sequence: { groupOrder: order * 2 },
      },
    },
  ];
};

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
      ...engineProjects('chromium', ALL_BROWSER, MEDIA, 1),
      ...engineProjects('firefox', PORTED, PORTED_MEDIA, 2),
      ...engineProjects('webkit', PORTED, PORTED_MEDIA, 3),
    ],
  },
});
