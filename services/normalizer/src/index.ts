export { loadNormalizerConfig, NormalizerEnv } from './config';
export { createNormalizerService, type NormalizerService } from './service';
