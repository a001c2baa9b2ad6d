// The staff module's face: what other modules and the composition root may import from it.
export { StaffResolver } from './staff.resolver.js';
export { staffAdmission } from './staff.admission.js';
export { StaffService } from './staff.service.js';
