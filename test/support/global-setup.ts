// Runs once before the real-browser tests: they need dist/ (built by `npm test`). Each engine's
// launcher says itself what is missing (test/support/engines).
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export default function setup() {
  const dist = resolve(import.meta.dirname, '../../dist/encore.iife.js');
  if (!existsSync(dist)) throw new Error('dist/ is missing: run `npm run build` (npm test does it for you).');
}
