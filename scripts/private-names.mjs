// Internal property names and the short names the minifier gives them (docs/architecture.md,
// "Names"). The source spells internal fields and operations out, with a trailing underscore:
// `entry.attempts_`, `qoe.playIntent_()`. Every build shortens them with one fixed map, so a field
// written by one chunk (the core) and read by another (the send path, loaded later) agrees.
//
// The short names are the one-character names no Encore source file uses as a real property (read
// from the source at every build), then `$` and one or two characters: a short name never meets a
// real property on an Encore object (libraries' minified names live on the libraries' objects). Public and
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

/** One-character names first (those no Encore object uses as a real property), then `$` and one or two characters. */
const SINGLE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_$';
const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const LONGER = [...ALPHABET, ...[...ALPHABET].flatMap((a) => [...ALPHABET].map((b) => a + b))].map((c) => '$' + c);

/** Property names of one character, or `$` and one or two, that Encore's source uses for real (`.e`, `{ k: …}`). */
const REAL = /(?:\.|[{,]\s*)([A-Za-z_$]|\$[A-Za-z0-9]{1,2})\b(?!\.)\??(?=\s*[^\w$])/g;

/** Every internal name in `src/`, most used first (ties alphabetical): the most used get one character. */
export function privateNames(root = new URL('../src', import.meta.url).pathname) {
  const counts = new Map();
  for (const file of files(root)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(USE)) {
      const name = m[1] || m[2];
      counts.set(name, (counts.get(name) || 0) + 1);
    }
  }
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([name]) => name);
}

/** The short names free for internal ones: every candidate no source file uses as a real property. */
export function shortNames(root = new URL('../src', import.meta.url).pathname) {
  const real = new Set();
  for (const file of files(root)) for (const m of readFileSync(file, 'utf8').matchAll(REAL)) real.add(m[1]);
  return [...SINGLE, ...LONGER].filter((name) => !real.has(name));
}

/**
 * Terser's `mangle.properties` options: only names in the map (`only_cache`), each always to the
 * same short name (the cache's keys carry terser's `$` prefix).
 */
export function privateMangle() {
  // Read the source once per build process; each terser run gets its own copy (terser writes into it).
  if (!map) {
    const short = shortNames();
    map = Object.fromEntries(privateNames().map((name, i) => ['$' + name, short[i]]));
  }
  return { regex: /^[a-z][A-Za-z0-9]*_$/, only_cache: true, cache: { props: { ...map } } };
}
let map;
