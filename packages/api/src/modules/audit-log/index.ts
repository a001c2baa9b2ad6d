// The audit-log module's face: what other modules and the composition root may import from it.
export { AuditResolver } from './audit-log.resolver.js';
