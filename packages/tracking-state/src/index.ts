export * from './checkpoints';
export * from './registrations';
export * from './track-candidates';
