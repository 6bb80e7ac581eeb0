// Runs once before the real-browser tests: they need dist/ (built by `npm test`) and a Chromium.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
// @ts-expect-error plain ESM helper shared with scripts/
import { ensureChromium } from '../../scripts/chromium.mjs';

export default function setup() {
  ensureChromium();
  const dist = resolve(import.meta.dirname, '../../dist/encore.iife.js');
  if (!existsSync(dist)) throw new Error('dist/ is missing: run `npm run build` (npm test does it for you).');
}
