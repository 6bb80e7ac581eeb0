import { describe, expect, it, vi } from 'vitest';
import { attachUpNext } from '../../../src/widgets/recommendations/upNext';

function fakeVideo(duration: number) {
  const video = document.createElement('video');
  document.body.append(video);
  let t = 0;
  Object.defineProperty(video, 'duration', { get: () => duration });
  Object.defineProperty(video, 'currentTime', { get: () => t, set: (v) => (t = v) });
  const at = (s: number) => {
    t = s;
    video.dispatchEvent(new Event('timeupdate'));
  };
  return { video, at };
}

describe('attachUpNext', () => {
  it('retries muted when autoplay with sound is refused, and updates the tracking handle', async () => {
    const { video, at } = fakeVideo(30);
    const calls: boolean[] = [];
    video.play = vi.fn(() => {
      calls.push(video.muted);
      return video.muted ? Promise.resolve() : Promise.reject(Object.assign(new Error('no'), { name: 'NotAllowedError' }));
    });
    const update = vi.fn();
    const up = attachUpNext(video, { next: () => ({ src: 'https://cdn.example/next.mp4', videoId: 'n2', title: 'Next' }), seconds: 10, handle: { update, detach() {} } });
    at(5);
    const card = () => (video.nextElementSibling as HTMLElement).shadowRoot!.querySelector('.card') as HTMLElement;
    expect(card().hidden).toBe(true);
    at(21);
    expect(card().hidden).toBe(false);
    at(10); // seeking back hides it
    expect(card().hidden).toBe(true);
    at(25);
    expect(card().hidden).toBe(false);
    video.dispatchEvent(new Event('ended'));
    expect(video.getAttribute('src')).toBe('https://cdn.example/next.mp4');
    expect(update).toHaveBeenCalledWith({ videoId: 'n2', title: 'Next', category: undefined, productIds: undefined });
    // The refused play() is retried muted once its promise rejects.
    await vi.waitFor(() => expect(calls).toEqual([false, true]));
    expect(video.muted).toBe(true);
    up.destroy();
    expect(video.nextElementSibling).toBeNull();
  });

  it('an unsafe next src shows nothing', () => {
    const { video, at } = fakeVideo(30);
    attachUpNext(video, { next: { src: 'javascript:alert(1)' } });
    at(25);
    expect(((video.nextElementSibling as HTMLElement).shadowRoot!.querySelector('.card') as HTMLElement).hidden).toBe(true);
  });
});
