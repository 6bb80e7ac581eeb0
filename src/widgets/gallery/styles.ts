/**
 * The gallery's stylesheet (adopted as a constructable stylesheet: no inline styles, CSP-safe).
 * Theme with custom properties on the element or any ancestor:
 * `--encore-gallery-accent`, `-bg`, `-card-bg`, `-fg`, `-muted`, `-radius`, `-gap`, `-min-column`,
 * `-focus`, `-font`, `-padding`; or style parts with `::part(card)`, `::part(cta)` etc. (see docs/gallery.md).
 */
export const GALLERY_CSS = `
:host{--a:var(--encore-gallery-accent,#d4af37);--bg:var(--encore-gallery-bg,#0e0e11);--c:var(--encore-gallery-card-bg,#19191f);--fg:var(--encore-gallery-fg,#f6f3ec);--m:var(--encore-gallery-muted,#aaa69c);--r:var(--encore-gallery-radius,14px);--f:var(--encore-gallery-focus,#ffd86b);display:block;color:var(--fg);background:var(--bg);font:var(--encore-gallery-font,400 15px/1.5 system-ui,-apple-system,"Segoe UI","Hiragino Sans","Noto Sans JP",sans-serif);padding:var(--encore-gallery-padding,24px);border-radius:var(--r)}
:host([hidden]){display:none}
*{box-sizing:border-box}
.gal:focus{outline:none}
.hd{margin:0 0 18px;font-size:1.4em;font-weight:650;letter-spacing:.01em}
.hd::after{content:"";display:block;width:40px;height:2px;margin-top:8px;background:var(--a)}
.grid{list-style:none;margin:0;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(min(var(--encore-gallery-min-column,240px),100%),1fr));gap:var(--encore-gallery-gap,20px)}
.card{position:relative;display:flex;flex-direction:column;background:var(--c);border-radius:var(--r);overflow:hidden;box-shadow:inset 0 1px 0 rgba(255,255,255,.05),0 10px 28px rgba(0,0,0,.35);transition:transform .2s ease,box-shadow .2s ease}
.card:hover{transform:translateY(-3px);box-shadow:inset 0 1px 0 rgba(255,255,255,.07),0 16px 36px rgba(0,0,0,.45)}
.media{position:relative;display:block;aspect-ratio:16/9;overflow:hidden;background:linear-gradient(135deg,#2b2a33,#121217)}
.media img{display:block;width:100%;height:100%;object-fit:cover;opacity:0;transition:opacity .35s ease}
.media img.on{opacity:1}
.media::after{content:"";position:absolute;inset:0;background:linear-gradient(180deg,transparent 55%,rgba(0,0,0,.55))}
.locked .media img{filter:saturate(.55) brightness(.55)}
.open{display:block;width:100%;padding:0;margin:0;border:0;background:none;color:inherit;font:inherit;text-align:left;cursor:pointer}
.open:focus-visible,.cta:focus-visible,.retry:focus-visible,.x:focus-visible{outline:3px solid var(--f);outline-offset:2px}
.open:focus-visible{outline-offset:-3px}
.play{position:absolute;z-index:1;inset:0;margin:auto;width:58px;height:58px;border-radius:50%;background:rgba(0,0,0,.5);border:2px solid rgba(255,255,255,.9);transition:transform .2s ease,background .2s ease}
.play::after{content:"";position:absolute;left:22px;top:17px;border-style:solid;border-width:10px 0 10px 16px;border-color:transparent transparent transparent #fff}
.open:hover .play,.open:focus-visible .play{transform:scale(1.08);background:var(--a)}
.dur{position:absolute;z-index:1;right:10px;bottom:10px;padding:1px 7px;border-radius:6px;background:rgba(0,0,0,.7);font-size:.78em;font-variant-numeric:tabular-nums}
.new{position:absolute;z-index:1;left:10px;top:10px;padding:2px 9px;border-radius:999px;background:var(--a);color:#17130a;font-size:.72em;font-weight:700;letter-spacing:.08em;text-transform:uppercase}
.lock{position:absolute;z-index:1;right:10px;top:10px;display:inline-flex;align-items:center;gap:7px;padding:4px 11px 4px 9px;border:1px solid var(--a);border-radius:999px;background:rgba(8,8,10,.72);color:var(--a);font-size:.72em;font-weight:700;letter-spacing:.08em;text-transform:uppercase}
.lock i{position:relative;width:10px;height:8px;margin-top:4px;border-radius:2px;background:currentColor}
.lock i::before{content:"";position:absolute;left:1px;top:-6px;width:8px;height:8px;border:2px solid currentColor;border-bottom:0;border-radius:5px 5px 0 0;box-sizing:border-box}
.body{display:flex;flex:1;flex-direction:column;gap:6px;padding:14px 16px 16px}
.t{margin:0;font-size:1em;font-weight:650;line-height:1.35}
.d{margin:0;color:var(--m);font-size:.87em}
.why{margin:0;color:var(--a);font-size:.87em;font-weight:600}
.cta{align-self:flex-start;margin-top:auto;padding:8px 16px;border-radius:999px;background:var(--a);color:#17130a;font-size:.87em;font-weight:700;text-decoration:none;transition:filter .2s ease}
.cta:hover{filter:brightness(1.1)}
.state{padding:40px 16px;text-align:center;color:var(--m)}
.retry{margin-top:12px;padding:8px 18px;border:1px solid var(--a);border-radius:999px;background:none;color:var(--fg);font:inherit;cursor:pointer}
.sk{aspect-ratio:16/10;border-radius:var(--r);background:linear-gradient(90deg,var(--c),#25252d,var(--c));background-size:200% 100%;animation:sh 1.4s linear infinite}
@keyframes sh{to{background-position:-200% 0}}
dialog{width:min(960px,94vw);max-height:94vh;padding:0;border:0;border-radius:var(--r);background:#000;color:var(--fg);overflow:auto;box-shadow:0 30px 90px rgba(0,0,0,.6)}
dialog::backdrop{background:rgba(4,4,6,.82)}
.dh{display:flex;align-items:center;justify-content:space-between;gap:12px;padding:10px 12px 10px 18px;background:#111}
.dh h2{margin:0;font-size:1.05em;font-weight:650}
.x{width:38px;height:38px;padding:0;border:0;border-radius:50%;background:rgba(255,255,255,.08);color:var(--fg);font-size:22px;line-height:1;cursor:pointer}
video{display:block;width:100%;max-height:76vh;aspect-ratio:16/9;background:#000}
.st{margin:0;padding:12px 18px;color:#ffb4a8}
.st:empty{display:none}
.dd{margin:0;padding:12px 18px 16px;color:var(--m);font-size:.9em}
.dd:empty{display:none}
.vh{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media (prefers-reduced-motion:reduce){*,::before,::after{transition:none!important;animation:none!important}.card:hover{transform:none}}
`;
