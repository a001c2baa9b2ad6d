import type { EntityManager } from '@mikro-orm/postgresql';
import type { Request, Response } from 'express';
import type { Viewer } from './access.js';
import type { Clock } from './clock.js';
import type { Logger } from './logger.js';
import type { Env } from '../config/env.js';
import type { Jobs } from '../infra/jobs/agenda.js';
import type { Sealer } from './secret.js';
import type { SmsSender } from '../infra/sms/sms.js';
import type { Mailer } from '../infra/mail/mailer.js';

/**
 * Long-lived things every request and job shares. A module that needs a slot of its own here adds
 * it by declaration merging (invitation.kinds.ts adds kindHandlers), so common/ imports no module.
 */
export interface Deps {
  env: Env;
  clock: Clock;
  log: Logger;
  jobs: Jobs;
  sealer: Sealer;
  sms: SmsSender;
  /** Email sent while a request waits (one-time codes); invitations go through the delivery worker. */
  mailer: Mailer;
}

/** What a resolver receives: a request-scoped EntityManager, the viewer, and the shared deps. */
export interface Context {
  em: EntityManager;
  viewer: Viewer | null;
  deps: Deps;
  req: Request;
  res: Response;
  ip: string | null;
  userAgent: string | null;
}
