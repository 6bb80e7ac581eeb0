import { describe, expect, it } from 'vitest';
import { createQoe, ENDED, PLAYING, STALLED } from '../../../src/video/qoe';

// Engine calls (see the Qoe interface): i intent, b blocked, p progress, r resume, z pause, s stall,
// k seek, e ended, x error, q rendition, u scale, h hidden, l late, pct percent.

/** Starts a view at t=0 whose first frame shows at `startup`. */
function started(startup = 500) {
  const q = createQoe();
  q.playIntent_(0);
  q.progress_(startup);
  return q;
}

describe('QoE engine', () => {
  it('measures startup from play intent to first frame', () => {
    const q = started(734);
    const s = q.summary_(2000, false);
    expect(s.startup_time_ms).toBe(734);
    expect(s.exited_before_start).toBe(false);
    expect(s.watch_time_ms).toBe(2000);
    expect(s.playing_time_ms).toBe(1266);
    expect(q.phase_()).toBe(PLAYING);
  });

  it('a stall after startup is one rebuffer with its duration', () => {
    const q = started(500);
    q.stall_(3000);
    expect(q.phase_()).toBe(STALLED);
    q.progress_(4500);
    q.stall_(6000);
    q.progress_(6200);
    const s = q.summary_(10000, false);
    expect(s.rebuffer_count).toBe(2);
    expect(s.rebuffer_duration_ms).toBe(1700);
    expect(s.watch_time_ms).toBe(10000);
    expect(s.rebuffer_percentage).toBe(17);
    expect(s.playing_time_ms).toBe(10000 - 500 - 1700);
  });

  it('waiting before the first frame is startup, not rebuffering', () => {
    const q = createQoe();
    q.playIntent_(0);
    q.stall_(100);
    q.progress_(900);
    expect(q.summary_(1000, false)).toMatchObject({ rebuffer_count: 0, startup_time_ms: 900 });
  });

  it('seeks are never rebuffers; a stall that turns into a seek is seek latency', () => {
    const q = started(500);
    q.stall_(1000); // `waiting` fired just before `seeking`
    q.seek_(1010);
    q.progress_(1400);
    q.seek_(5000);
    q.progress_(5300);
    const s = q.summary_(8000, false);
    expect(s.rebuffer_count).toBe(0);
    expect(s.rebuffer_duration_ms).toBe(0);
    expect(s.seek_count).toBe(2);
    expect(s.seek_latency_ms).toBe(345); // (390 from `seeking` + 300) / 2
  });

  it('seeks closer than 2 s together are one scrub', () => {
    const q = started(0);
    q.seek_(1000);
    q.progress_(1100);
    q.seek_(1500);
    q.progress_(1600);
    q.seek_(2500);
    q.progress_(2600);
    q.seek_(9000);
    q.progress_(9100);
    expect(q.summary_(10000, false).seek_count).toBe(2);
  });

  it('hidden time is not rebuffering', () => {
    const q = started(0);
    q.stall_(1000);
    q.visibility_(1200, true);
    q.visibility_(5000, false);
    q.progress_(5100);
    const s = q.summary_(6000, false);
    expect(s.rebuffer_duration_ms).toBe(300);
    expect(s.rebuffer_count).toBe(1);
    const q2 = started(0);
    q2.visibility_(1000, true);
    q2.stall_(1100);
    q2.progress_(3000);
    q2.visibility_(4000, false);
    expect(q2.summary_(5000, false).rebuffer_count).toBe(0);
  });

  it('paused time is not watch time', () => {
    const q = started(200);
    q.pause_(1000);
    expect(q.active_()).toBe(false);
    q.playIntent_(61000);
    q.resume_(61050);
    const s = q.summary_(62000, false);
    expect(s.watch_time_ms).toBe(1000 + 1000);
    expect(s.playing_time_ms).toBe(800 + 1000);
  });

  it('EBVS: the view ends before the first frame without a fatal error', () => {
    const q = createQoe();
    q.playIntent_(0);
    expect(q.summary_(3000, false)).toMatchObject({ exited_before_start: true, startup_time_ms: null, startup_failed: false });
  });

  it('a fatal error before the first frame is a startup failure, after it a playback failure; duplicates count once', () => {
    const a = createQoe();
    a.playIntent_(0);
    a.error_(100, true, 'manifestLoadError', 'x');
    expect(a.summary_(200, false)).toMatchObject({ startup_failed: true, exited_before_start: false, playback_failed: false, error_code: 'manifestLoadError' });
    const b = started(100);
    b.error_(500, false, 'fragLoadError');
    expect(b.failed_()).toBe(false);
    b.error_(1000, true, 'fragLoadError', 'first');
    b.error_(1001, true, 'fragLoadError', 'dup');
    expect(b.summary_(2000, false)).toMatchObject({ playback_failed: true, startup_failed: false, error_code: 'fragLoadError', error_message: 'first' });
  });

  it('autoplay blocked is flagged, neither failure nor EBVS; a later play measures startup from the click', () => {
    const q = createQoe();
    q.playIntent_(0);
    q.autoplayBlocked_(20);
    expect(q.summary_(5000, false)).toMatchObject({ autoplay_blocked: true, exited_before_start: false, startup_failed: false });
    q.playIntent_(10000);
    q.progress_(10300);
    expect(q.summary_(11000, false)).toMatchObject({ autoplay_blocked: false, startup_time_ms: 300 });
  });

  it('late attach has no startup time and is flagged', () => {
    const q = createQoe();
    q.lateAttach_(1000);
    expect(q.phase_()).toBe(PLAYING);
    // Already playing: the view is active, so the page clock runs and heartbeats are sent.
    expect(q.active_()).toBe(true);
    expect(q.summary_(3000, false)).toMatchObject({ late_attach: true, startup_time_ms: null, playing_time_ms: 2000, exited_before_start: false });
  });

  it('average bitrate is time-weighted over playing time; up/downshifts are counted', () => {
    const q = createQoe();
    q.rendition_(0, 200_000);
    q.playIntent_(0);
    q.progress_(1000);
    q.rendition_(3000, 600_000); // 2 s at 200k
    q.rendition_(4000, 400_000); // 1 s at 600k
    const s = q.summary_(5000, false); // 1 s at 400k
    expect(s.avg_bitrate_kbps).toBe(Math.round((2 * 200 + 600 + 400) / 4));
    expect(s.rendition_upshifts).toBe(1);
    expect(s.rendition_downshifts).toBe(1);
  });

  it('upscale/downscale percentages are weighted by playing time', () => {
    const q = started(0);
    q.scale_(0, 2); // 2x upscale
    q.scale_(1000, 0.5); // half size
    const s = q.summary_(2000, false);
    expect(s.upscale_percentage).toBe(50); // (1 * 1s + 0 * 1s) / 2s
    expect(s.downscale_percentage).toBe(25); // (0 + 0.5 * 1s) / 2s
  });

  it('percent watched and completion; none for live', () => {
    const q = started(0);
    q.watchedTo_(40);
    q.watchedTo_(30);
    q.end_(5000);
    expect(q.phase_()).toBe(ENDED);
    expect(q.summary_(5000, false)).toMatchObject({ max_percent_watched: 40, completed: true });
    expect(q.summary_(5000, true)).toMatchObject({ max_percent_watched: null, completed: false });
  });

  it('a pause before the first frame restarts the startup clock', () => {
    const q = createQoe();
    q.playIntent_(0);
    q.pause_(200);
    q.playIntent_(5000);
    q.progress_(5400);
    expect(q.summary_(6000, false).startup_time_ms).toBe(400);
  });

  it('a view cut during a stall still counts it', () => {
    const q = started(0);
    q.stall_(1000);
    expect(q.summary_(1800, false)).toMatchObject({ rebuffer_count: 1, rebuffer_duration_ms: 800 });
  });
});
