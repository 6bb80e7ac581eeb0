import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderGallery } from '../../../src/widgets/gallery/renderGallery';
import type { Encore, EncorePlugin } from '../../../src/types';

/**
 * An instance shaped like the script-tag global: no `emit` of its own, so the gallery gets its
 * notification hooks from a plugin. It keeps every plugin `use()` is given, as Encore does.
 */
function scriptTagLikeInstance() {
  const plugins: EncorePlugin[] = [];
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const api = {
    emit: (name: string, payload: unknown) => listeners.get(name)?.forEach((l) => l(payload)),
    identity: () => ({ userId: null, anonymousId: 'a' }),
  };
  const instance = {
    track() {},
    use(plugin: EncorePlugin) {
      plugins.push(plugin);
      plugin.setup?.(api as never);
      return instance;
    },
    on(name: string, l: (p: unknown) => void) {
      if (!listeners.has(name)) listeners.set(name, new Set());
      listeners.get(name)!.add(l);
      return instance;
    },
    off(name: string, l: (p: unknown) => void) {
      listeners.get(name)?.delete(l);
      return instance;
    },
  };
  return { encore: instance as unknown as Encore, plugins };
}

const manifest = { id: 'g', items: [{ id: 'x', title: 'x', locked: true }] };

describe('the gallery plugin', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('is registered once per instance, however often galleries render on it', async () => {
    vi.stubGlobal('fetch', async () => new Response(JSON.stringify(manifest), { headers: { 'content-type': 'application/json' } }));
    const { encore, plugins } = scriptTagLikeInstance();
    const errors: unknown[] = [];
    encore.on('error', (e) => errors.push(e));
    const options = { src: 'https://shop.example.com/api/gallery/g', encore, storage: null };

    // Render, destroy and render again (what <encore-gallery> does on every attribute change), plus a second gallery.
    const first = renderGallery(document.createElement('div'), options);
    await first.refresh();
    first.destroy();
    const again = renderGallery(document.createElement('div'), options);
    const other = renderGallery(document.createElement('div'), options);
    await Promise.all([again.refresh(), other.refresh()]);
    expect(plugins.map((p) => p.name)).toEqual(['encore-gallery']);

    // Each live gallery still reaches `encore.on` listeners through the one plugin, once per problem.
    vi.stubGlobal('fetch', async () => new Response('down', { status: 503 }));
    await again.refresh();
    expect(errors).toHaveLength(1);
    again.destroy();
    other.destroy();
  });
});
