export * from './settings.js';
export * from './counters.js';
export * from './events.js';
export * from './lab-api.js';
