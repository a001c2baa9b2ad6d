// The patient-import module's face: what other modules and the composition root may import from it.
export {
  PatientImportChunkEntity,
  PatientImportEntity,
  PatientImportRowEntity,
} from './patient-import.entity.js';
export { patientImportJob, patientImportSweepJob } from './patient-import.jobs.js';
export { PatientImportResolver } from './patient-import.resolver.js';
export { patientImportRoutes } from './patient-import.routes.js';
export { PatientImportService } from './patient-import.service.js';
