// The audit module's face: what other modules and the composition root may import from it.
export { AuditEventEntity } from './audit-event.entity.js';
export { audit } from './audit.service.js';
export type { AuditAction } from './audit.service.js';
export type { AuditInput } from './audit.service.js';
