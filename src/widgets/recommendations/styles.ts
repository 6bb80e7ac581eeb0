/**
 * Widget styles, adopted as constructable stylesheets (strict-CSP safe). Themable through CSS
 * custom properties (`--encore-rec-*`) and `::part(...)`.
 */
export const REC_CSS = `
:host{display:block;font:inherit;color:var(--encore-rec-color,inherit)}
:host([hidden]){display:none}
h2{font-size:var(--encore-rec-title-size,1.1em);margin:0 0 .5em}
ul{list-style:none;margin:0;padding:0;display:grid;gap:var(--encore-rec-gap,12px);grid-template-columns:repeat(auto-fill,minmax(var(--encore-rec-min-width,160px),1fr))}
li{background:var(--encore-rec-card-bg,#fff);border:1px solid var(--encore-rec-border,#e3e3e3);border-radius:var(--encore-rec-radius,8px);padding:8px;display:flex;flex-direction:column;gap:4px}
a{color:inherit;text-decoration:none;display:flex;flex-direction:column;gap:4px}
a:focus-visible,button:focus-visible{outline:2px solid var(--encore-rec-accent,#0a58ca);outline-offset:2px}
img,video{width:100%;aspect-ratio:var(--encore-rec-media-ratio,4/3);object-fit:cover;border-radius:calc(var(--encore-rec-radius,8px) - 2px);background:#f3f3f3}
video{aspect-ratio:16/9}
.name{font-weight:600}
.reason{font-size:.85em;color:var(--encore-rec-reason-color,#555);margin:0}
.due{font-size:.8em;color:var(--encore-rec-accent,#0a58ca)}
`;

export const UP_NEXT_CSS = `
:host{display:block}
.card{display:flex;gap:10px;align-items:center;background:var(--encore-up-next-bg,rgba(0,0,0,.85));color:var(--encore-up-next-color,#fff);border-radius:var(--encore-up-next-radius,8px);padding:10px;max-width:var(--encore-up-next-width,360px);font:inherit}
.card[hidden]{display:none}
img{width:96px;aspect-ratio:16/9;object-fit:cover;border-radius:4px}
.body{flex:1;min-width:0}
.label,.count{font-size:.8em;opacity:.85;margin:0}
.title{font-weight:600;margin:2px 0}
.bar{height:3px;background:var(--encore-up-next-accent,#4da3ff);transform-origin:left;transition:transform .25s linear}
button{font:inherit;border:0;border-radius:4px;padding:6px 10px;cursor:pointer;background:var(--encore-up-next-button-bg,#fff);color:var(--encore-up-next-button-color,#000)}
button.cancel{background:transparent;color:inherit;border:1px solid currentColor}
button:focus-visible{outline:2px solid var(--encore-up-next-accent,#4da3ff);outline-offset:2px}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media (prefers-reduced-motion:reduce){.bar{transition:none}}
`;
