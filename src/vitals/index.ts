/** Web Vitals reporting (see `docs/vitals.md`). */
export { vitalsPlugin } from './plugin';
