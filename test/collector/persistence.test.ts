// Data survives a clean restart and a crash (SIGKILL right after the answers).
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { http, makeEvent, postBatch, runCollector, tempDir, waitForCommitted, waitForEvents } from './helpers';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

it('keeps events and video views across a restart', async () => {
  const first = await runCollector({ dir: tmp.dir });
  const view = makeEvent({
    anonymousId: 'anon-persist',
    event: 'Video View Summary',
    properties: { view_id: 'v1', video_id: 'vid-1', category: 'kitchen', startup_time_ms: 640, watch_time_ms: 9000, rebuffer_duration_ms: 0 },
  });
  const page = makeEvent({ anonymousId: 'anon-persist', type: 'page', event: undefined, name: 'Home' });
  expect((await postBatch(first.origin, { batch: [view, page] })).status).toBe(200);
  await waitForEvents(first.origin, (e) => e.length === 2, 'anonymousId=anon-persist');
  expect(await first.stop()).toBe(0);

  const second = await runCollector({ dir: tmp.dir });
  try {
    const events = await waitForEvents(second.origin, (e) => e.length === 2, 'anonymousId=anon-persist');
    expect(events.map((e) => e.messageId).sort()).toEqual([view.messageId, page.messageId].sort());
    const views = (await http(second.origin, '/api/video-views')).json.views;
    expect(views.find((v: any) => v.messageId === view.messageId)).toMatchObject({ category: 'kitchen', video_id: 'vid-1', startup_time_ms: 640 });
    // Sending the same events again after the restart stores nothing new.
    expect((await postBatch(second.origin, { batch: [view, page] })).status).toBe(200);
    await waitForCommitted(second.origin);
    expect(await waitForEvents(second.origin, () => true, 'anonymousId=anon-persist')).toHaveLength(2);
  } finally {
    await second.stop();
  }
});

it('loses nothing acknowledged when killed (journal replay)', async () => {
  const dir = tempDir();
  // A slow database: answers go out after the journal write, commits lag far behind, so the kill
  // below lands while the events exist only in the journal.
  const first = await runCollector({ dir: dir.dir, env: { ENCORE_COMMIT_DELAY_MS: '20000' } });
  const sent: string[] = [];
  for (let i = 0; i < 30; i++) {
    const batch = Array.from({ length: 20 }, () => makeEvent({ anonymousId: 'anon-crash' }));
    const r = await postBatch(first.origin, { batch });
    expect(r.status).toBe(200);
    sent.push(...batch.map((e) => e.messageId));
  }
  await first.kill();
  const journal = readdirSync(dir.dir).filter((f) => f.includes('.journal.'));
  expect(journal.reduce((n, f) => n + statSync(join(dir.dir, f)).size, 0)).toBeGreaterThan(0);
  const second = await runCollector({ dir: dir.dir });
  try {
    const events = await waitForEvents(second.origin, (e) => e.length >= sent.length, 'anonymousId=anon-crash&limit=1000');
    expect(new Set(events.map((e) => e.messageId))).toEqual(new Set(sent));
    expect(events).toHaveLength(sent.length);
    // Once committed, the replayed journal files are gone.
    await second.stop();
    expect(readdirSync(dir.dir).filter((f) => f.includes('.journal.'))).toEqual([]);
  } finally {
    await second.stop();
    dir.cleanup();
  }
});
