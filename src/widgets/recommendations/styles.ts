/**
 * Widget styles, adopted as constructable stylesheets (strict-CSP safe). Themable through CSS
 * custom properties (`--encore-rec-*`, `--encore-up-next-*`) and `::part(...)`.
 */
export const REC_CSS = `
:host{display:block;color:var(--encore-rec-color,inherit)}
h2{font-size:1.1em;margin:0 0 .5em}
ul{list-style:none;margin:0;padding:0;display:grid;gap:var(--encore-rec-gap,12px);grid-template-columns:repeat(auto-fill,minmax(var(--encore-rec-min-width,160px),1fr))}
li,a{display:flex;flex-direction:column;gap:4px}
li{background:var(--encore-rec-bg,#fff);border:1px solid var(--encore-rec-border,#ddd);border-radius:var(--encore-rec-radius,8px);padding:8px}
a{color:inherit;text-decoration:none}
:focus-visible{outline:2px solid var(--encore-rec-accent,#0a58ca);outline-offset:2px}
img,video{width:100%;aspect-ratio:4/3;object-fit:cover;border-radius:4px;background:#eee}
video{aspect-ratio:16/9}
.name{font-weight:600}
.reason{font-size:.85em;color:var(--encore-rec-reason-color,#555);margin:0}
.due{font-size:.8em;color:var(--encore-rec-accent,#0a58ca)}
`;

export const UP_NEXT_CSS = `
.card{display:flex;gap:10px;align-items:center;background:var(--encore-up-next-bg,#000d);color:var(--encore-up-next-color,#fff);border-radius:8px;padding:10px;max-width:360px}
[hidden]{display:none!important}
img{width:96px;aspect-ratio:16/9;object-fit:cover}
.body{flex:1;min-width:0}
p{margin:2px 0}
.label,.count{font-size:.8em}
.title{font-weight:600}
.bar{height:3px;background:var(--encore-up-next-accent,#4da3ff);transform-origin:left;transition:transform .25s linear}
button{font:inherit;border:1px solid;border-radius:4px;padding:6px 10px;cursor:pointer;background:#fff;color:#000}
.cancel{background:none;color:inherit}
:focus-visible{outline:2px solid var(--encore-up-next-accent,#4da3ff)}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
@media (prefers-reduced-motion:reduce){.bar{transition:none}}
`;
