// Which real-browser engines can start on this machine, and why not when one cannot.
// Chromium: scripts/chromium.mjs. Firefox ESR: /usr/bin/firefox-esr (FIREFOX_PATH). WebKitGTK:
// WebKitWebDriver + MiniBrowser (MINIBROWSER_PATH) under xvfb-run. Nothing is downloaded.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { findChromium } from './chromium.mjs';

const has = (bin) => spawnSync('sh', ['-c', `command -v ${bin}`]).status === 0;
const MINIBROWSER = process.env.MINIBROWSER_PATH ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

/** `{ chromium: null | reason, firefox: …, webkit: … }`: null when the engine can run. */
export function engineProblems() {
  let chromium = null;
  try {
    if (!findChromium()) chromium = 'no Chromium binary (apt-get install chromium, or set CHROMIUM_PATH)';
  } catch (e) {
    chromium = e.message;
  }
  const firefox = existsSync(FIREFOX) ? null : `no Firefox ESR at ${FIREFOX} (apt-get install firefox-esr, or set FIREFOX_PATH)`;
  let webkit = null;
  if (!has('WebKitWebDriver')) webkit = 'WebKitWebDriver not found (apt-get install webkit2gtk-driver)';
  else if (!existsSync(MINIBROWSER)) webkit = `no MiniBrowser at ${MINIBROWSER} (apt-get install webkit2gtk-driver, or set MINIBROWSER_PATH)`;
  else if (!has('xvfb-run')) webkit = 'xvfb-run not found: MiniBrowser needs a display (apt-get install xvfb)';
  return { chromium, firefox, webkit };
}
