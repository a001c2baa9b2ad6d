// The platform module's face: what other modules and the composition root may import from it.
export { createFirstSuperAdmin } from './first-super-admin.js';
