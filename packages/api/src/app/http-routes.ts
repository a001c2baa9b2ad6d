import type { HttpRoutes } from '../common/http.js';
import { twilioStatusRoutes } from '../modules/delivery/index.js';
import { patientImportRoutes } from '../modules/patient-import/index.js';

/** The plain HTTP routes beside /graphql, gathered from the modules. */
export const HTTP_ROUTES: HttpRoutes[] = [twilioStatusRoutes, patientImportRoutes];
