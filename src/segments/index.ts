/** Local interest and lifecycle segments (see `docs/segments.md`). */
export { segmentsPlugin } from './plugin';
