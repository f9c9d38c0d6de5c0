import { ConfigError } from '@shipfold/config';
import { loadProjectorConfig } from './config';
import { createProjectorService } from './service';

/**
 * The projector process: `GLIBC_TUNABLES=glibc.malloc.hugetlb=1 node --max-semi-space-size=64
 * --import tsx services/projector/src/main.ts` (configuration from the environment). `shipfold start`,
 * docker-compose.yml and `npm run bench:projector` run it so (PROJECTOR_NODE_FLAGS,
 * projectorProcessEnv). Both settings only change how fast it runs:
 * - The larger young generation (V8's default semi-space is 16 MiB) holds a whole decoded batch, so
 *   its objects die young instead of being copied and promoted: in the projector benchmark it cut
 *   scavenge time from 2.1-2.3 s to 1.4-1.5 s.
 * - kafkajs gathers every fetch response (up to 55 MB) into one new buffer, which malloc maps fresh
 *   each time; filling it costs a page fault per 4 KiB page, 11 µs each on the benchmark's virtual
 *   machine (180 ms for 64 MB). Huge pages (transparent huge pages in "madvise" mode, the usual
 *   default) make that a fault per 2 MiB. Benchmark, 7 alternating pairs: page faults 260,000 against
 *   335,000, median projector time 10.6 s against 11.9 s, reading alone 3.1 s against 3.5 s.
 *   glibc before 2.35, and other C libraries, ignore the variable.
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
