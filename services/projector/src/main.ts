import { ConfigError } from '@shipfold/config';
import { loadProjectorConfig } from './config';
import { createProjectorService } from './service';

/**
 * The projector process: `node --max-semi-space-size=64 --import tsx services/projector/src/main.ts`
 * (configuration from the environment). The larger young generation (V8's default semi-space is
 * 16 MiB) holds a whole decoded batch, so its objects die young instead of being copied and
 * promoted: in the projector benchmark it cut scavenge time from 2.1-2.3 s to 1.4-1.5 s. `shipfold
 * start`, docker-compose.yml and `npm run bench:projector` pass it (PROJECTOR_NODE_FLAGS).
 */
try {
  const projector = createProjectorService(loadProjectorConfig());
  projector.service.stopOnSignals();
  await projector.start();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}
