// Test page script (external: the page runs under a strict CSP without inline scripts).
import * as recs from '/dist/recommendations.js';

window.recs = recs;
window.tracked = [];
window.cspViolations = [];
// The widget's warnings (one console.warn per skipped item), readable in every engine.
window.warnings = [];
const warn = console.warn;
console.warn = (...args) => (window.warnings.push(args.join(' ')), warn.apply(console, args));
document.addEventListener('securitypolicyviolation', (e) => window.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));

/** A stand-in instance that records calls, for widget behaviour that does not need the collector. */
window.fakeEncore = (segments = []) => ({
  track: (event, properties) => window.tracked.push({ event, properties }),
  segments: () => segments,
  attachVideo: () => ({ update() {}, detach() {} }),
});

/** The real client from /dist/encore.iife.js with the recommendations plugins. */
window.realEncore = (consent = 'granted') => {
  const history = recs.purchaseHistoryPlugin();
  const enc = encore.createEncore({ endpoint: '/v1/batch', consent, flushIntervalMs: 200, batchSize: 1, webVitals: false, plugins: [history, recs.attributionPlugin()] });
  window.enc = enc;
  window.history_ = history;
  return { enc, history };
};

window.shadowText = (sel) => document.querySelector(sel)?.shadowRoot?.textContent ?? null;
window.reasons = (sel) => [...(document.querySelector(sel)?.shadowRoot?.querySelectorAll('li') ?? [])].map((li) => ({
  name: li.querySelector('.name')?.textContent,
  reason: li.getAttribute('data-reason'),
  label: li.querySelector('.reason')?.textContent,
  href: li.querySelector('a')?.getAttribute('href') ?? null,
  video: li.querySelector('video')?.getAttribute('src') ?? null,
}));
window.pageReady = true;
