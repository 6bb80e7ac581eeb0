import type { EncoreConfigInput } from '../types';

/**
 * The config of a no-code start: `data-endpoint`, `data-write-key`, `data-consent`, `data-auto-page`
 * and `data-auto-video` on the `<script>` that loads `encore.iife.js`. Returns undefined without
 * `data-endpoint`. Flags count as on when present (`data-auto-page`), unless set to `"false"`;
 * `data-auto-video` may also hold a CSS selector.
 */
export function configFromScript(script: Element | null | undefined): EncoreConfigInput | undefined {
  const ds = (script as HTMLElement | null | undefined)?.dataset;
  if (!ds?.endpoint) return undefined;
  const config: Record<string, unknown> = { endpoint: ds.endpoint };
  if (ds.writeKey) config.writeKey = ds.writeKey;
  if (ds.consent) config.consent = ds.consent;
  if (ds.autoPage !== undefined) config.autoPage = ds.autoPage !== 'false';
  if (ds.autoVideo !== undefined) {
    const v = ds.autoVideo;
    config.autoVideo = v === '' || v === 'true' ? true : v === 'false' ? false : v;
  }
  return config as EncoreConfigInput;
}
