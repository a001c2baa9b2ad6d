export * from './permissions.js';
export * from './roles.js';
export * from './scope.js';
export * from './errors.js';
export * from './validation.js';
export * from './channels.js';
export * from './events.js';
export * from './audit.js';
