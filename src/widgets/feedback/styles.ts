/**
 * The survey's stylesheet, adopted as a constructable stylesheet (strict CSP: no inline styles).
 * Theme with `--encore-survey-bg`, `-fg`, `-muted`, `-accent`, `-accent-fg`, `-border`, `-radius`,
 * `-font`, `-focus`, or style `::part(survey|question|scale|option|selected|ends|comment|send|dismiss|thanks)`.
 */
export const SURVEY_CSS = `
:host{display:block}
:host([hidden]),[hidden]{display:none!important}
.s{--a:var(--encore-survey-accent,#0a58ca);--b:var(--encore-survey-border,#ccd);box-sizing:border-box;max-width:560px;padding:16px 18px;border:1px solid var(--b);border-radius:var(--encore-survey-radius,10px);background:var(--encore-survey-bg,#fff);color:var(--encore-survey-fg,#1b1b1f);font:var(--encore-survey-font,inherit);animation:in .25s ease-out}
@keyframes in{from{opacity:0;transform:translateY(8px)}}
.q{margin:0 0 10px;font-size:1.05em;font-weight:600}
.r{display:flex;flex-wrap:wrap;gap:4px}
.o{min-width:2.4em;height:2.4em;padding:0 6px;border:1px solid var(--b);border-radius:6px;background:none;color:inherit;font:inherit;cursor:pointer}
.o[aria-checked=true]{background:var(--a);border-color:var(--a);color:var(--encore-survey-accent-fg,#fff)}
.e{display:flex;justify-content:space-between;gap:8px;margin:4px 0 0;color:var(--encore-survey-muted,#555);font-size:.8em}
label{display:block;margin:12px 0 4px;font-size:.9em}
textarea{box-sizing:border-box;width:100%;min-height:4em;padding:6px;border:1px solid var(--b);border-radius:6px;font:inherit}
.f{display:flex;gap:8px;align-items:center;margin-top:12px}
.f button{padding:7px 16px;border:1px solid var(--a);border-radius:6px;font:inherit;cursor:pointer;background:var(--a);color:var(--encore-survey-accent-fg,#fff)}
.f .d{background:none;color:inherit;border-color:var(--b)}
.m{margin:0;color:#b3261e;font-size:.85em}
:focus-visible{outline:2px solid var(--encore-survey-focus,var(--a));outline-offset:2px}
.t:focus{outline:none}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media (prefers-reduced-motion:reduce){*{animation:none!important;transition:none!important}}
`;
