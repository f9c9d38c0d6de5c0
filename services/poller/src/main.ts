import { ConfigError } from '@shipfold/config';
import { loadPollerConfig } from './config';
import { createPollerService } from './service';

/** The poller process: `tsx services/poller/src/main.ts` (configuration from the environment). */
try {
  const poller = createPollerService(loadPollerConfig());
  poller.service.stopOnSignals();
  await poller.start();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}
