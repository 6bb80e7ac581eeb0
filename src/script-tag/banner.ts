/**
 * The first statement of `dist/encore.iife.js`, before Rollup's AMD modules: installs the chunk loader.
 * `ENCORE_CHUNK_INTEGRITY` is not a global: rollup.config.mjs wraps the finished file in a function
 * that takes it, with every chunk's hash (it is known only once the chunks are minified).
 */
import { installChunkLoader, type ChunkIntegrity } from './loader';

declare const ENCORE_CHUNK_INTEGRITY: ChunkIntegrity;

installChunkLoader(ENCORE_CHUNK_INTEGRITY);
