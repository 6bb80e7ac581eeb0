/**
 * encore-sdk/datalayer: reads GA4 e-commerce events a store already pushes to `window.dataLayer`
 * (GTM or gtag.js) and tracks them as Encore's Segment e-commerce events.
 */
export { dataLayer, type DataLayerOptions } from './plugin';
