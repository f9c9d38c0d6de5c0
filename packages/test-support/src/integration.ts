// Helpers for integration tests run by vitest: they read the endpoints the global setup provides.
export * from './endpoints';
export * from './fresh';
export * from './projections';
export * from './raw-topic';
