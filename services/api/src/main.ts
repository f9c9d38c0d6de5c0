import { ConfigError } from '@shipfold/config';
import { loadApiConfig } from './config';
import { createApi } from './service';

/** The read API process: `tsx services/api/src/main.ts` (configuration from the environment). */
try {
  const api = createApi(loadApiConfig());
  api.service.stopOnSignals();
  await api.start();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}
