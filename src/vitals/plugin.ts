/**
 * Web Vitals as `Web Vital` events, once per metric per page, with the final value.
 */
import { onCLS, onFCP, onINP, onLCP, onTTFB, type Metric } from 'web-vitals';
import type { EncoreApi, EncorePlugin } from '../types';

/**
 * Reports LCP, INP, CLS, FCP and TTFB as `Web Vital` events
 * (`{ metric, value, rating, id, navigation_type }`). The client loads it lazily when `webVitals` is on.
 *
 * web-vitals reports LCP after the first input or when the page is hidden, and CLS and INP when the
 * page is hidden, from `visibilitychange` listeners on `window` in the capture phase. Those run
 * before listeners on `document`, so the events are queued before a page-hide flush on `document`.
 * A metric is reported once per page (per metric id: a back/forward cache restore is a new page);
 * later changes after the tab comes back are not reported.
 */
/* @__NO_SIDE_EFFECTS__ */
export function vitalsPlugin(): EncorePlugin {
  // web-vitals offers no way to unsubscribe: after teardown the callbacks still fire but do nothing.
  let api: EncoreApi | undefined;
  const seen: Record<string, 1> = {};
  const report = (m: Metric) => {
    if (!api || seen[m.id]) return;
    seen[m.id] = 1;
    // CLS is a unitless score (4 decimals); the others are milliseconds.
    const k = m.name == 'CLS' ? 1e4 : 1;
    api.track('Web Vital', {
      metric: m.name,
      value: Math.round(m.value * k) / k,
      rating: m.rating,
      id: m.id,
      navigation_type: m.navigationType,
    });
  };
  return {
    name: 'encore-web-vitals',
    type: 'feature',
    setup(a) {
      api = a;
      // web-vitals feature-detects and does not throw where a metric is unsupported.
      for (const on of [onLCP, onINP, onCLS, onFCP, onTTFB]) on(report);
    },
    teardown() {
      api = undefined;
    },
  };
}
