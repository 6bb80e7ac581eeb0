// Survey test page script (external: the page runs under a strict CSP without inline scripts).
import * as feedback from '/dist/feedback.js';

window.feedback = feedback;
/** encore-sdk/recommendations, for its local purchase history (days-after-order surveys). */
window.loadRecs = () => import('/dist/recommendations.js');
window.cspViolations = [];
window.errors = [];
document.addEventListener('securitypolicyviolation', (e) => window.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));

/** The real client from /dist/encore.iife.js, sending each event at once to the test collector. */
window.realEncore = (consent = 'granted') => {
  const enc = encore.createEncore({ endpoint: '/v1/batch', consent, flushIntervalMs: 100, batchSize: 1, webVitals: false });
  enc.on('error', (e) => window.errors.push(e.message));
  window.enc = enc;
  return enc;
};

/** Renders a survey into `sel` with the real client; returns nothing (the handle stays on window). */
window.survey = (options, sel = '#survey') => {
  window.handles = window.handles ?? {};
  window.handles[sel] = feedback.renderSurvey(document.querySelector(sel), { encore: window.enc, ...options });
};

/** The survey section in `sel`'s shadow root, summarized; null while none is shown. */
window.shown = (sel = '#survey') => {
  const root = document.querySelector(sel)?.shadowRoot;
  const s = root?.querySelector('section');
  if (!s) return null;
  return {
    question: s.querySelector('.q')?.textContent,
    options: [...s.querySelectorAll('[role=radio]')].map((o) => o.getAttribute('aria-label')),
    checked: s.querySelector('[aria-checked=true]')?.textContent ?? null,
    buttons: [...s.querySelectorAll('button:not([role])')].map((b) => b.textContent),
    thanks: s.querySelector('.t')?.textContent ?? null,
    text: s.textContent,
    elements: [...s.querySelectorAll('*')].map((e) => e.localName),
  };
};

/** What has focus, through shadow roots: `host > inner` description. */
window.focused = () => {
  let a = document.activeElement;
  const path = [];
  while (a) {
    path.push(a.id || a.getAttribute('role') || a.localName);
    a = a.shadowRoot?.activeElement;
  }
  const inner = document.activeElement?.shadowRoot?.activeElement;
  return { path: path.join(' > '), text: inner?.textContent ?? document.activeElement?.textContent ?? '' };
};
// A page that shows its survey as it loads (an order confirmation page): `?setup=` JSON
// `{ consent, lang, options, surveys: [[selector, options], …], element }`. Nothing here runs in a user gesture, unlike a test's evaluate().
const setup = new URLSearchParams(location.search).get('setup');
if (setup) {
  const { consent = 'granted', lang, options, surveys, element } = JSON.parse(setup);
  if (lang) document.documentElement.lang = lang;
  const enc = window.realEncore(consent);
  if (element) {
    feedback.defineSurveyElement();
    const el = document.createElement('encore-survey');
    el.id = 'el';
    el.encore = enc;
    for (const [k, v] of Object.entries(element)) el.setAttribute(k, v);
    document.body.append(el);
  } else if (surveys) for (const [sel, o] of surveys) window.survey(o, sel);
  else window.survey(options);
}
window.pageReady = true;
