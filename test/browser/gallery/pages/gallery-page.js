// Test page driver: renders the gallery from the bundled source with a recording fake Encore
// instance (track/attachVideo/on/off) unless ?encore=real (the real script-tag build) or ?encore=none.
const q = new URLSearchParams(location.search);
// ?dist: the built package file (as an app loads it); default: the source bundled by the test.
const { renderGallery, defineGalleryElement } = await import(q.has('dist') ? '/dist/gallery.js' : '/__gallery/gallery.js');
const calls = (window.__calls = { track: [], attach: [], adapters: [], detach: 0, errors: [], exclusive: [], domErrors: [], csp: [] });
document.addEventListener('securitypolicyviolation', (e) => calls.csp.push(`${e.violatedDirective} ${e.blockedURI}`));

const listeners = {};
const fake = {
  track(event, properties) {
    calls.track.push({ event, properties });
  },
  attachVideo(video, meta, options) {
    calls.attach.push(meta);
    calls.adapters.push(options?.adapter?.name ?? null);
    return { update() {}, detach() { calls.detach++; } };
  },
  on(name, l) {
    (listeners[name] ??= new Set()).add(l);
    return this;
  },
  off(name, l) {
    listeners[name]?.delete(l);
    return this;
  },
  // Logging in/out: the store's session cookie changes, then the SDK notifies.
  identify(userId) {
    document.cookie = userId ? `customer=${userId}; path=/` : 'customer=; max-age=0; path=/';
    for (const l of listeners.identity ?? []) l({ userId, anonymousId: 'a' });
  },
  reset() {
    this.identify(null);
  },
  listenerCount: (name) => listeners[name]?.size ?? 0,
};
window.fakeEncore = fake;

// The page listening to the SDK's notifications (real instance only).
if (q.get('encore') === 'real') {
  calls.notified = [];
  calls.sdkErrors = [];
  window.encore.on('exclusive-content', (info) => calls.notified.push(info));
  window.encore.on('error', (e) => calls.sdkErrors.push(e.message));
}

const encore = q.get('encore') === 'none' ? null : q.get('encore') === 'real' ? undefined : fake;
const options = {
  src: q.get('src') ?? '/api/gallery/members-running',
  onError: (e) => calls.errors.push(e.message),
  onExclusiveContent: (info) => calls.exclusive.push(info),
  preferHlsJs: q.has('hlsjs'),
  timeZone: q.get('tz') ?? undefined,
};
if (encore) options.encore = encore;
// The encore-sdk/hls adapter as an app passes it (fake here: the fake instance only records its name).
if (q.has('hlsjs')) options.hlsAdapter = q.has('dist') ? (await import('/dist/hls.js')).hlsAdapter : () => ({ name: 'hls.js' });
if (q.has('loadHls')) options.loadHls = () => import('/node_modules/hls.js/dist/hls.mjs');

const host = document.getElementById('gallery');
host.addEventListener('encore-gallery-error', (e) => calls.domErrors.push(e.detail.message));
if (q.get('mode') === 'element') {
  // Properties set before the element is defined must be picked up on upgrade.
  const el = document.createElement('encore-gallery');
  el.id = 'gallery';
  if (encore) el.encore = encore;
  el.options = { onError: options.onError, timeZone: options.timeZone };
  el.setAttribute('src', options.src);
  host.replaceWith(el);
  defineGalleryElement();
  window.gallery = el;
} else {
  window.gallery = renderGallery(host, options);
}
