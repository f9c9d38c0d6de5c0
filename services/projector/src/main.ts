import { ConfigError } from '@shipfold/config';
import { loadProjectorConfig } from './config';
import { createProjectorService } from './service';

/** The projector process: `tsx services/projector/src/main.ts` (configuration from the environment). */
try {
  const projector = createProjectorService(loadProjectorConfig());
  projector.service.stopOnSignals();
  await projector.start();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}
