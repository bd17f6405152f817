export * from './settings.js';
export * from './counters.js';
export * from './events.js';
export * from './lab-api.js';
export * from './snapshots.js';
export * from './frame-codes.js';
export * from './session.js';
