export * from './builders';
export * from './fixtures';
export * from './near-miss';
export * from './produce';
export * from './scenario';
export * from './shipment-oracle';
export * from './traffic';
export * from './wait-for';
