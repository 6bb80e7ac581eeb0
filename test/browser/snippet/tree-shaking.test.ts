// Importing only `createEncore` from the npm build must not pull video, vitals, widget or send-path code into
// an app's initial bundle (dynamic imports stay lazy chunks). Bundled like an app would, with esbuild.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
// @ts-expect-error plain ESM script shared with `npm run size`
import { bundle } from '../../../scripts/size.mjs';
import { ROOT } from '../../support/server';

const MARKERS = [
  // video QoE
  'Video View Summary',
  'rebuffer_count',
  'Video Milestone',
  // web vitals
  'Web Vital',
  'largest-contentful-paint',
  'layout-shift',
  // the queue's send path (a lazy chunk only the sending tab loads)
  'retry_exhausted',
  // widgets
  'encore-gallery',
  'encore-recommendations',
  'encore-up-next',
];

describe('tree-shaking', () => {
  it.skipIf(!existsSync(join(ROOT, 'dist/encore.js')))('createEncore alone leaves video, vitals, widgets and the send path out of the initial bundle', async () => {
    const code = new TextDecoder().decode(
      await bundle(`import { createEncore } from './dist/encore.js'; createEncore({ endpoint: '/v1/batch' }).track('Product Viewed');`),
    );
    expect(code.length).toBeGreaterThan(1000); // it did bundle the core
    expect(code).toContain('Product Viewed');
    // The markers are real: the full script-tag build (everything inlined) does contain them.
    const full = readFileSync(join(ROOT, 'dist/encore.full.iife.js'), 'utf8');
    for (const m of ['Video View Summary', 'Web Vital', 'largest-contentful-paint', 'retry_exhausted']) expect(full).toContain(m);
    for (const m of MARKERS) expect(code, `initial bundle contains "${m}"`).not.toContain(m);
    // zod is development-only: production bundles validate with the compact validator.
    expect(code).not.toMatch(/\$ZodType|zod/);
  });
});
