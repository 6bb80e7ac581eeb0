/**
 * The part of the dataLayer bridge that loads as a lazy chunk once the plugin is set up: what one
 * dataLayer entry means for Encore (entry forms: commands.ts; the GA4 mapping: ecommerce.ts). The
 * plugin watches the array from the start and hands each entry here in order. The opt-in other
 * direction (video events to GA4's, video-out.ts) comes with it.
 */
import { readEntry } from './commands';
import { mapEcommerce, type Mapped } from './ecommerce';

export { videoToGa4 } from './video-out';

/** The track calls one entry gives (none for entries Encore does not read), or why it was not usable. */
export function translate(entry: unknown): Mapped {
  const cmd = readEntry(entry);
  if (cmd.kind === 'malformed') return { reason: cmd.reason };
  return cmd.kind === 'event' ? mapEcommerce(cmd.name, cmd.params) : { calls: [] };
}
