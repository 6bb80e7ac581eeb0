/** Local interest and lifecycle segments (see `docs/segments.md`). */
export { segmentsPlugin, type SegmentsOptions } from './plugin';
