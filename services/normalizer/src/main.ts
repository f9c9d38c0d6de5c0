import { ConfigError } from '@shipfold/config';
import { loadNormalizerConfig } from './config';
import { createNormalizerService } from './service';

/** The normalizer process: `tsx services/normalizer/src/main.ts` (configuration from the environment). */
try {
  const normalizer = createNormalizerService(loadNormalizerConfig());
  normalizer.service.stopOnSignals();
  await normalizer.start();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}
