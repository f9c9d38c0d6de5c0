import { ConfigError } from '@shipfold/config';
import { loadIngressConfig } from './config';
import { createIngress } from './service';

/** The ingress process: `tsx services/ingress/src/main.ts` (configuration from the environment). */
try {
  const ingress = createIngress(loadIngressConfig());
  ingress.service.stopOnSignals();
  await ingress.start();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}
