/**
 * An Encore player adapter for video.js (8.x), written against the public `PlayerAdapter` hook
 * (docs/players.md). It is `exclusive`: video.js reports every playback signal itself, so Encore
 * does not also listen to the `<video>` element video.js renders into.
 *
 *   import { videojsAdapter } from './videojs-adapter.js';
 *   const player = videojs('my-video');
 *   encore.attachVideo(player.tech(true).el(), { videoId, category, productIds }, { adapter: videojsAdapter(player) });
 *
 * @param {any} player a video.js Player
 * @returns {import('encore-sdk').PlayerAdapter}
 */
export function videojsAdapter(player) {
  const offs = [];
  const on = (target, type, fn) => {
    target.on(type, fn);
    offs.push(() => target.off(type, fn));
  };

  return {
    name: 'video.js',
    exclusive: true,
    currentTime: () => player.currentTime() || 0,
    duration: () => player.duration() ?? NaN,
    paused: () => player.paused(),
    source: () => player.currentSrc() || '',
    size: () => ({
      displayWidth: player.currentWidth(),
      displayHeight: player.currentHeight(),
      videoWidth: player.videoWidth(),
      videoHeight: player.videoHeight(),
    }),
    droppedFrames: () => player.tech(true)?.el()?.getVideoPlaybackQuality?.().droppedVideoFrames,

    attach(events) {
      // Proof of a first frame: the first timeupdate with the playhead moved after `playing`
      // (QOE.md: `playing` alone is not proof of a frame).
      let sawPlaying = false;
      let startedAt = 0;
      let framed = false;
      let stalled = false;
      let frameReq = 0;
      const video = player.tech(true)?.el();
      const shown = (at) => {
        if (framed || player.paused()) return;
        framed = true;
        events.firstFrame(at);
      };
      // Exact first frame where the browser can tell (requestVideoFrameCallback), once per start.
      const requestFrame = () => {
        if (!frameReq && video?.requestVideoFrameCallback)
          frameReq = video.requestVideoFrameCallback((now) => {
            frameReq = 0;
            shown(now);
          });
      };
      offs.push(() => frameReq && video.cancelVideoFrameCallback(frameReq));

      on(player, 'play', (e) => {
        if (!framed) {
          sawPlaying = false;
          startedAt = player.currentTime() || 0;
          requestFrame();
        }
        events.playIntent(e?.timeStamp);
      });
      on(player, 'playing', () => {
        sawPlaying = true;
        if (!framed) return;
        if (stalled) events.stallEnd();
        else events.resume();
        stalled = false;
      });
      on(player, 'timeupdate', () => {
        if (sawPlaying && !player.seeking() && player.currentTime() > startedAt) shown();
      });
      on(player, 'waiting', () => {
        if (framed && !player.seeking()) {
          stalled = true;
          events.stallStart();
        }
      });
      on(player, 'seeking', () => {
        stalled = false;
        events.seekStart();
      });
      on(player, 'seeked', () => events.seekEnd());
      on(player, 'pause', () => {
        if (!player.ended()) events.pause();
      });
      on(player, 'ended', () => {
        framed = false;
        events.ended();
      });
      on(player, 'error', () => {
        const e = player.error();
        // video.js reports its errors as MediaError-like objects; all that reach `error` stop playback.
        if (e && e.code !== 1) events.error({ fatal: true, code: `VJS_${e.code}`, message: e.message });
      });
      on(player, 'loadstart', () => {
        framed = false;
        events.sourceChange(player.currentSrc());
      });
      // Renditions (HLS/DASH through video.js's http-streaming): the quality-levels list says which
      // rendition is selected.
      const levels = typeof player.qualityLevels === 'function' ? player.qualityLevels() : null;
      if (levels) {
        const report = () => {
          const l = levels[levels.selectedIndex];
          if (l && l.bitrate) events.rendition({ bitrate: l.bitrate, width: l.width, height: l.height });
        };
        on(levels, 'change', report);
        report();
      }
    },

    detach() {
      for (const off of offs.splice(0)) off();
    },
  };
}
