/**
 * encore-sdk/videojs: a video.js 8 plugin. video.js is never imported: register the plugin with
 * your own `videojs` and Encore instance, then call it per player:
 *
 *   registerEncorePlugin(videojs, encore);
 *   player.encore({ videoId: 'trail-01', category: 'running', productIds: ['SKU1'] });
 *
 * or call `player.encore()` with `data-encore-video`, `-category`, `-products` and `-title` on the
 * video.js element. Calling it again updates the metadata (a new `videoId` is a new view); the
 * player's `dispose` ends the view.
 */
import type { Encore, VideoHandle, VideoMeta } from '../types';
import { metaFromDataset } from '../video/dataset';
import { techVideo, videojsAdapter, type VideojsPlayer } from './adapter';

export { videojsAdapter, type VideojsPlayer } from './adapter';
export type { PlayerAdapter, PlayerEvents, PlayerReads, PlayerSize, PlayerError, Rendition } from '../video/types';

/** The part of the `videojs` function the plugin uses. */
export interface VideojsLike {
  registerPlugin(name: string, plugin: (this: VideojsPlayer, meta?: Partial<VideoMeta>) => unknown): unknown;
}

/**
 * Registers the `encore` plugin (or `name`) on `videojs`. `player.encore(meta?)` returns the
 * player's {@link VideoHandle}; problems (no `<video>` tech, bad metadata) go to `encore.on('error')`.
 */
export function registerEncorePlugin(videojs: VideojsLike, encore: Pick<Encore, 'attachVideo'>, name = 'encore'): void {
  const handles = new WeakMap<VideojsPlayer, VideoHandle>();
  videojs.registerPlugin(name, function (this: VideojsPlayer, meta?: Partial<VideoMeta>) {
    const known = handles.get(this);
    if (known) {
      if (meta) known.update(meta);
      return known;
    }
    const video = techVideo(this);
    const fromElement = metaFromDataset({ ...video?.dataset, ...this.el().dataset }, this.id());
    const handle = encore.attachVideo(video ?? `#${this.id()} video`, { ...fromElement, ...meta } as VideoMeta, { adapter: videojsAdapter(this) });
    handles.set(this, handle);
    this.one('dispose', () => {
      handle.detach();
      handles.delete(this);
    });
    return handle;
  });
}
