import type { EncoreConfigInput } from '../types';

/**
 * The config of a no-code start: `data-endpoint`, `data-write-key`, `data-consent`, `data-auto-page`
 * and `data-auto-video` on the `<script>` that loads `encore.iife.js`. Returns undefined without
 * `data-endpoint` (an empty one gives `''`). Flags count as on when present (`data-auto-page`), unless set to `"false"`;
 * `data-auto-video` may also hold a CSS selector. Absent keys are undefined (their defaults).
 */
export function configFromScript(script: Element | null | undefined): EncoreConfigInput | undefined {
  const d = (script as HTMLElement | null | undefined)?.dataset;
  const v = d?.autoVideo;
  return (d?.endpoint && {
    endpoint: d.endpoint,
    writeKey: d.writeKey || undefined,
    consent: d.consent || undefined,
    autoPage: d.autoPage != null && d.autoPage != 'false',
    autoVideo: v == '' || v == 'true' || (v != 'false' && v),
  }) as EncoreConfigInput | undefined;
}
