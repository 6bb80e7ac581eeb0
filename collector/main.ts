/**
 * Process entry of the reference collector (bundled by scripts/start.mjs). Reads the config from
 * the environment, starts, prints one line with the URLs, and shuts down cleanly on SIGINT/SIGTERM
 * so the database file is closed properly.
 */
import { readConfig } from './config';
import { startCollector } from './server';

export async function main(root: string): Promise<void> {
  const config = readConfig(process.env, root);
  const collector = await startCollector(config);
  const base = collector.origin;
  console.log(`Encore demo: storefront ${base}/examples/storefront/  dashboard ${base}/dashboard  (collector ${base}/v1/batch, data ${config.dbPath})`);
  let closing = false;
  const stop = () => {
    if (closing) return;
    closing = true;
    collector.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
