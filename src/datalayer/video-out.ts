/**
 * The bridge's other direction (opt-in): Encore's video events pushed to the dataLayer as GA4's
 * video events, with the product category, for stores whose GA4 tag reads the dataLayer:
 * `Video Content Started` → `video_start`, `Video Milestone` at 10, 25, 50 and 75 % →
 * `video_progress`, `Video Content Completed` → `video_complete`. Pure: the plugin pushes.
 */
import type { EncoreEvent } from '../types';

const PROGRESS = [10, 25, 50, 75];

/** The GA4 event name and `video_percent` for an Encore video event GA4 has one for. */
function ga4Event(e: EncoreEvent): [name: string, percent: unknown] | undefined {
  const percent = e.properties?.percent;
  if (e.event === 'Video Content Started') return ['video_start', 0];
  if (e.event === 'Video Milestone' && PROGRESS.includes(percent as number)) return ['video_progress', percent];
  if (e.event === 'Video Content Completed') return ['video_complete', 100];
  return undefined;
}

/** The GA4 dataLayer entry for one Encore event, or undefined for events GA4 has no video event for. */
export function videoToGa4(e: EncoreEvent): Record<string, unknown> | undefined {
  const ga4 = ga4Event(e);
  if (!ga4) return undefined;
  const p = e.properties ?? {};
  const entry: Record<string, unknown> = {
    event: ga4[0],
    video_percent: ga4[1],
    video_title: p.title,
    video_provider: p.video_player,
    video_current_time: p.position,
    video_duration: p.total_length,
    video_id: p.content_asset_id ?? p.video_id,
    item_category: p.category,
  };
  for (const k in entry) if (entry[k] === undefined || entry[k] === null) delete entry[k];
  return entry;
}
