/**
 * Process entry of the reference collector (bundled by scripts/start.mjs). Reads the config from
 * the environment, starts, prints one line with the URLs, and shuts down cleanly on SIGINT/SIGTERM
 * so the database file is closed properly.
 */
import { readConfig } from './config';
import { startCollector } from './server';
import { startDemoReceiver } from './demo-receiver';

export async function main(root: string): Promise<void> {
  const env = { ...process.env };
  // DEMO_TRIGGERS=1: triggers go to a local receiver that verifies and logs them (demo-receiver.ts).
  const receiver = env.DEMO_TRIGGERS === '1' && !env.TRIGGER_URL ? await startDemoReceiver((line) => console.log(line)) : null;
  if (receiver) {
    Object.assign(env, { TRIGGER_URL: receiver.url, TRIGGER_SECRET: receiver.secret });
    env.TRIGGER_ABANDON_MINUTES ??= '2';
    env.TRIGGER_INTERVAL_SEC ??= '15';
  }
  const config = readConfig(env, root);
  const collector = await startCollector(config);
  const base = collector.origin;
  console.log(`Encore demo: storefront ${base}/examples/storefront/  dashboard ${base}/dashboard  (collector ${base}/v1/batch, data ${config.dbPath})`);
  let closing = false;
  const stop = () => {
    if (closing) return;
    closing = true;
    receiver?.close();
    collector.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
