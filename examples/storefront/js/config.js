// Everything that differs between setups, in one place.

/** The collector: same origin (the reference collector, or the test server, both at /v1/batch). */
export const ENDPOINT = '/v1/batch';

/**
 * Category videos. The reference collector serves the HLS fixtures at /media/; a plain static server
 * of the repository (and the tests) has them at test/fixtures/hls/, tried when /media/ is absent.
 */
export const VIDEO_SRC = '/media/master.m3u8';
export const VIDEO_FALLBACK_SRC = '/test/fixtures/hls/master.m3u8';

export const CURRENCY = 'USD';
export const SHIPPING = 5;
export const TAX_RATE = 0.1;
