// An app that imports the npm build (bundled by test/browser/queue/sender.test.ts, like an app's bundler would).
import { createEncore } from 'encore-sdk';

const errors = [];
const sdk = createEncore({ endpoint: '/v1/batch', flushIntervalMs: 100, webVitals: false, retry: { baseDelayMs: 50, maxDelayMs: 400 } });
sdk.on('error', (e) => errors.push(String(e.message)));
window.sdk = sdk;
window.errors = errors;
window.trackAll = (ids) => ids.forEach((id) => sdk.track('Lazy Send', { id }, { messageId: id }));
window.ready = true;
