/** SPA page views: `autoPagePlugin()` (loaded by the client when `autoPage` is on). */
export { autoPagePlugin } from './auto-page';
