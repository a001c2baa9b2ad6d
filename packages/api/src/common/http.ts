import type { Express } from 'express';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Deps, Services } from './context.js';

/**
 * A plain HTTP endpoint next to /graphql (provider webhooks, file uploads and downloads). Each
 * module exports a mounter; every route checks what it needs itself (a session, a signature), and
 * takes its services on the EntityManager it forks per request.
 */
export type HttpRoutes = (
  app: Express,
  orm: MikroORM,
  deps: Deps,
  servicesOn: (em: EntityManager) => Services,
) => void;
