// Internal property names and the short names the minifier gives them (docs/architecture.md,
// "Names"). The source spells internal fields and operations out, with a trailing underscore:
// `entry.attempts_`, `qoe.playIntent_()`. Every build shortens them with one fixed map, so a field
// written by one chunk (the core) and read by another (the send path, loaded later) agrees.
//
// The short names are single capitals, then `$` and a character: Encore's own objects have no real
// property spelled like that (checked here at every build), so a short name never meets a real
// property on the same object (libraries' minified capitals live on the libraries' objects). Public and
// persisted names (the API, the wire format, IndexedDB records, messages between tabs of different
// versions, the snippet's `_q`/`_r`) never end with `_`, so they are never shortened.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** An underscore-suffixed name used as a property: `.name_`, or declared as `name_:`, `name_?:`, `name_(`. */
const USE = /(?:\.([a-z][A-Za-z0-9]*_)\b)|(?:^|[\s{,;(])([a-z][A-Za-z0-9]*_)\??\s*[:(]/gm;

const files = (dir) =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : /\.ts$/.test(f) ? [p] : [];
  });

/** Short names in order: `A` … `Z`, then `$a` … `$z`, `$A` … `$Z`, `$0` … `$9`, `$aa` …. */
const CAPITALS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const shortName = (i) => {
  if (i < CAPITALS.length) return CAPITALS[i];
  const j = i - CAPITALS.length;
  return '$' + (j < ALPHABET.length ? ALPHABET[j] : ALPHABET[Math.floor(j / ALPHABET.length) - 1] + ALPHABET[j % ALPHABET.length]);
};

/** A real property spelled like a short name (`.A`, `{ A: …}`, `.$a`) would share its slot. */
const TAKEN = /(?:\.|[{,]\s*)([A-Z]|\$[A-Za-z0-9]{1,2})\b/;

/** Every internal name in `src/`, most used first (ties alphabetical): the most used get one character. */
export function privateNames(root = new URL('../src', import.meta.url).pathname) {
  const counts = new Map();
  for (const file of files(root)) {
    const text = readFileSync(file, 'utf8');
    const taken = text.match(TAKEN);
    if (taken) throw new Error(`${file}: the property ${taken[1]} is spelled like a short internal name; rename it (scripts/private-names.mjs)`);
    for (const m of text.matchAll(USE)) {
      const name = m[1] || m[2];
      counts.set(name, (counts.get(name) || 0) + 1);
    }
  }
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([name]) => name);
}

/**
 * Terser's `mangle.properties` options: only names in the map (`only_cache`), each always to the
 * same short name (the cache's keys carry terser's `$` prefix). A fresh object per build.
 */
export function privateMangle() {
  const props = {};
  privateNames().forEach((name, i) => (props['$' + name] = shortName(i)));
  return { regex: /^[a-z][A-Za-z0-9]*_$/, only_cache: true, cache: { props } };
}
