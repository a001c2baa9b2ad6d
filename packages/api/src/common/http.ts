import type { Express } from 'express';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Deps } from './context.js';

/**
 * A plain HTTP endpoint next to /graphql (provider webhooks, file uploads and downloads). Each
 * module exports a mounter; every route checks what it needs itself (a session, a signature).
 */
export type HttpRoutes = (app: Express, orm: MikroORM, deps: Deps) => void;
