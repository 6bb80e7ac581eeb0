declare const __ENCORE_VERSION__: string;
/** Library version, injected at build time. */
export const VERSION: string = typeof __ENCORE_VERSION__ === 'string' ? __ENCORE_VERSION__ : '0.0.0-dev';
export const LIBRARY_NAME = 'encore-sdk';
