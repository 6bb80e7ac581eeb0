/**
 * What the `<video>` adapter tests share: a page of the video harness, scripts run in it (`w`), the
 * summaries and events its recording fake api saw, and a muted `<video>` tracked with the adapter.
 */
import { it } from 'vitest';
import { currentEngine, openEnginePage, type Browser, type Page } from '../../support/engines';
import { PAGE, engineBrowser, server } from './harness';

export const open = async (b: Browser = engineBrowser): Promise<Page> => (await openEnginePage(b, server.origin + PAGE)).page;
/** Chromium plays HLS in <video> itself; Firefox and WebKitGTK here do not (Safari does): see docs/browsers.md. */
export const NATIVE_HLS = currentEngine() === 'chromium';
/** Native HLS tests run where the engine has it; elsewhere the fallback test below says so by name. */
export const nativeHls = it.runIf(NATIVE_HLS);
/**
 * Runs `fn` as an async function body in the page. The result comes back as JSON text: drivers
 * differ on an object referenced twice (Firefox over BiDi returns the second reference as undefined).
 */
export const w = async (p: Page, fn: string): Promise<any> => {
  const text = await p.evaluate<string | undefined>(`(async () => { const S = window.S; ${fn} })().then((v) => JSON.stringify(v))`);
  return text === undefined ? undefined : JSON.parse(text);
};
export const summaries = (p: Page, key = 'S'): Promise<any[]> =>
  w(p, `return window.${key}.api.calls.filter((c) => c.event == 'Video View Summary').map((c) => c.properties)`);
export const waitEvent = (p: Page, name: string, n = 1) =>
  w(p, `await T.until(() => S.api.calls.filter((c) => c.event == ${JSON.stringify(name)}).length >= ${n}, 20000)`).catch(async (e) => {
    console.log(await w(p, 'return JSON.stringify({ calls: S.api.calls.map((c) => c.event), errors: S.api.errors, t: S.v.currentTime, rs: S.v.readyState, err: S.v.error && S.v.error.code })'));
    throw e;
  });

/** A muted `<video>` tracked with the built-in adapter; `src` set after attaching. */
export const setup = (src: string, meta: object = { videoId: 'clip', category: 'trail', productIds: ['SKU9'] }) =>
  `(() => {
    const api = T.fakeApi();
    const v = T.video('v');
    const handle = EV.attachVideoLazily(api, v, ${JSON.stringify(meta)});
    v.src = ${JSON.stringify(src)};
    window.S = { api, v, handle, truth: T.truth(v) };
  })()`;
