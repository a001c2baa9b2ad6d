import type { Express } from 'express';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Deps } from './context.js';
import { twilioStatusRoutes } from '../modules/delivery/index.js';
import { patientImportRoutes } from '../modules/patient-import/patient-import.routes.js';

/**
 * Plain HTTP endpoints next to /graphql (provider webhooks, file uploads and downloads). Each
 * module exports a mounter; every route checks what it needs itself (a session, a signature).
 */
export type HttpRoutes = (app: Express, orm: MikroORM, deps: Deps) => void;

export const HTTP_ROUTES: HttpRoutes[] = [twilioStatusRoutes, patientImportRoutes];
