/**
 * The tracker with a fake exclusive adapter and fake timers: heartbeats, milestones, live, the idle
 * rule and event shapes, without a browser.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { attach } from '../../../src/video/tracker';
import type { PlayerAdapter, PlayerEvents } from '../../../src/video/types';
import type { EncoreApi } from '../../../src/types';

function fakePlayer(duration = 100) {
  const state = { t: 0, duration, paused: true, src: 'https://cdn.example/a.m3u8' };
  let events!: PlayerEvents;
  let detached = false;
  const adapter: PlayerAdapter = {
    name: 'fake',
    exclusive: true,
    currentTime: () => state.t,
    duration: () => state.duration,
    paused: () => state.paused,
    source: () => state.src,
    size: () => ({ displayWidth: 640, displayHeight: 360, videoWidth: 1280, videoHeight: 720 }),
    droppedFrames: () => 0,
    attach(ev) {
      events = ev;
    },
    detach() {
      detached = true;
    },
  };
  return { state, adapter, ev: () => events, detached: () => detached };
}

function fakeApi() {
  const calls: Array<{ event: string; properties: any }> = [];
  const errors: unknown[] = [];
  const api = { track: (event: string, properties: any) => calls.push({ event, properties }), report: (e: unknown) => errors.push(e) } as unknown as EncoreApi;
  return { api, calls, errors, names: () => calls.map((c) => c.event) };
}

const now = () => performance.now();

describe('video tracker', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout', 'performance', 'Date'] }));
  afterEach(() => vi.useRealTimers());

  it('emits Segment video events, a heartbeat every 10 s while playing, milestones, and one summary', () => {
    const { api, calls, names } = fakeApi();
    const p = fakePlayer(100);
    const h = attach(api, document.createElement('video'), { videoId: 'v1', category: 'run', productIds: ['S1'] }, { adapter: p.adapter });
    p.state.paused = false;
    p.ev().playIntent(now());
    vi.advanceTimersByTime(400);
    p.ev().firstFrame(now());
    p.ev().rendition({ bitrate: 800_000 });
    expect(names()).toEqual(['Video Playback Started', 'Video Content Started', 'Video Quality Updated', 'Video Content Playing', 'Video Quality Updated']);
    expect(calls[2]!.properties.startupTime).toBe(400);
    // 25 s of playback: heartbeats at ~10 s and ~20 s; the playhead moves with the clock.
    for (let i = 0; i < 25; i++) {
      p.state.t += 1;
      vi.advanceTimersByTime(1000);
    }
    expect(names().filter((n) => n == 'Video Content Playing')).toHaveLength(3);
    expect(calls.filter((c) => c.event == 'Video Milestone').map((c) => c.properties.percent)).toEqual([10, 25]);
    p.state.paused = true;
    p.ev().pause();
    vi.advanceTimersByTime(30_000);
    expect(names().filter((n) => n == 'Video Content Playing')).toHaveLength(3);
    expect(vi.getTimerCount()).toBe(0); // nothing scheduled while nothing plays
    h.detach();
    expect(p.detached()).toBe(true);
    const summaries = calls.filter((c) => c.event == 'Video View Summary');
    expect(summaries).toHaveLength(1);
    expect(summaries[0]!.properties).toMatchObject({
      video_id: 'v1',
      category: 'run',
      product_ids: ['S1'],
      player: 'fake',
      startup_time_ms: 400,
      avg_bitrate_kbps: 800,
      downscale_percentage: 50,
      end_reason: 'detach',
      completed: false,
    });
    expect(summaries[0]!.properties.max_percent_watched).toBeCloseTo(25, 0);
    for (const c of calls) {
      expect(c.properties.category).toBe('run');
      expect(c.properties.product_ids).toEqual(['S1']);
    }
  });

  it('a seek during startup whose end is the first frame still gives Content Started (hls.js seeking over a hole, Firefox)', () => {
    const { api, calls, names } = fakeApi();
    const p = fakePlayer(100);
    const h = attach(api, document.createElement('video'), { videoId: 'v1' }, { adapter: p.adapter });
    p.state.paused = false;
    p.ev().playIntent(now());
    vi.advanceTimersByTime(300);
    p.ev().seekStart(now());
    vi.advanceTimersByTime(200);
    p.ev().seekEnd(now()); // the playhead moves: the first frame, and the seek's end
    expect(names()).toEqual(['Video Playback Started', 'Video Playback Seek Started', 'Video Playback Seek Completed', 'Video Content Started', 'Video Quality Updated', 'Video Content Playing']);
    expect(calls[4]!.properties.startupTime).toBe(500);
    h.detach();
  });

  it('live: no milestones, no percent, completed false', () => {
    const { api, calls } = fakeApi();
    const p = fakePlayer(Infinity);
    const h = attach(api, document.createElement('video'), { videoId: 'live' }, { adapter: p.adapter });
    p.state.paused = false;
    p.ev().playIntent();
    p.ev().firstFrame();
    for (let i = 0; i < 5; i++) {
      p.state.t += 10;
      vi.advanceTimersByTime(1000);
    }
    h.detach();
    expect(calls.some((c) => c.event == 'Video Milestone')).toBe(false);
    const s = calls.find((c) => c.event == 'Video View Summary')!.properties;
    expect(s).toMatchObject({ live: true, max_percent_watched: null, completed: false });
    expect(calls.find((c) => c.event == 'Video Content Playing')!.properties.total_length).toBeNull();
  });

  it('ended completes the view with milestone 100; a replay is a new view', () => {
    const { api, calls } = fakeApi();
    const p = fakePlayer(10);
    attach(api, document.createElement('video'), { videoId: 'e' }, { adapter: p.adapter });
    p.state.paused = false;
    p.ev().playIntent();
    p.ev().firstFrame();
    p.state.t = 10;
    vi.advanceTimersByTime(10_000);
    p.ev().ended();
    expect(calls.filter((c) => c.event == 'Video Milestone').map((c) => c.properties.percent)).toEqual([10, 25, 50, 75, 90, 100]);
    p.state.t = 0;
    p.ev().playIntent();
    p.ev().firstFrame();
    p.ev().ended();
    const summaries = calls.filter((c) => c.event == 'Video View Summary').map((c) => c.properties);
    expect(summaries).toHaveLength(2);
    expect(summaries[0]).toMatchObject({ completed: true, end_reason: 'ended' });
    expect(summaries[0].view_id).not.toBe(summaries[1].view_id);
  });

  it('60 minutes paused ends the view; the next play starts a new one', () => {
    const { api, calls } = fakeApi();
    const p = fakePlayer(100);
    attach(api, document.createElement('video'), { videoId: 'idle' }, { adapter: p.adapter });
    p.state.paused = false;
    p.ev().playIntent();
    p.ev().firstFrame();
    vi.advanceTimersByTime(5000);
    p.state.paused = true;
    p.ev().pause();
    vi.advanceTimersByTime(61 * 60_000);
    p.state.paused = false;
    p.ev().playIntent();
    const s = calls.filter((c) => c.event == 'Video View Summary').map((c) => c.properties);
    expect(s).toHaveLength(1);
    expect(s[0]).toMatchObject({ end_reason: 'idle' });
    expect(s[0].watch_time_ms).toBe(5000);
  });

  it('a bad adapter is reported, not thrown', () => {
    const { api, errors } = fakeApi();
    const h = attach(api, document.createElement('video'), { videoId: 'x' }, { adapter: { nope: true } as never });
    h.detach();
    expect(String(errors[0])).toMatch(/adapter/);
  });
});
