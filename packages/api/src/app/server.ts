import { existsSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import { HeaderMap } from '@apollo/server';
import type { MikroORM } from '@mikro-orm/postgresql';
import cookieParser from 'cookie-parser';
import express, { type ErrorRequestHandler } from 'express';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import { ERROR_CODES } from '@porter/shared';
import { isDatabaseUnavailable } from '../common/outage.js';
import { currentScope } from '../common/scope.js';
import { systemClock, type Clock } from '../common/clock.js';
import type { Logger } from '../common/logger.js';
import type { Env } from '../config/env.js';
import type { Sealer } from '../common/secret.js';
import type { SmsSender } from '../infra/sms/sms.js';
import { outboxMailer, type Mailer } from '../infra/mail/mailer.js';
import { readSessionCookie } from '../modules/auth/index.js';
import { invitationDeliveryTarget } from '../modules/invitation/index.js';
import type { Context, Deps, Jobs } from '../common/context.js';
import { createFormatError } from './format-error.js';
import { reenterScope, requestScope } from './access-log.js';
import { oncePerRequest } from './once-per-request.js';
import { observabilityPlugin, RETRY_AFTER_SECONDS } from './graphql-plugin.js';
import { mountHealth, watchDatabase } from './health.js';
import { createSchema } from './schema.js';
import { HTTP_ROUTES } from './http-routes.js';
import { KIND_HANDLERS } from './invitation-kinds.js';
import { createServices } from './services.js';

export interface HttpOptions {
  env: Env;
  log: Logger;
  orm: MikroORM;
  jobs: Jobs;
  sealer: Sealer;
  sms: SmsSender;
  /** Defaults to the development outbox. */
  mailer?: Mailer;
  clock?: Clock;
  schema?: GraphQLSchema;
}

export interface HttpServer {
  url: string;
  port: number;
  deps: Deps;
  close(): Promise<void>;
}

/**
 * The HTTP side: /graphql (Apollo on express 5, CSRF prevention on), /healthz, /readyz and
 * /metrics (app/health.ts), and the built SPA when a web dist folder is configured. Every request
 * gets an id and one access line (app/access-log.ts). Holds no state of its own: sessions live in
 * PostgreSQL.
 */
export async function startHttp(options: HttpOptions): Promise<HttpServer> {
  const { env, log, orm, jobs } = options;
  const deps: Deps = {
    env,
    log,
    jobs,
    sealer: options.sealer,
    sms: options.sms,
    mailer: options.mailer ?? outboxMailer(orm),
    clock: options.clock ?? systemClock,
    kindHandlers: KIND_HANDLERS,
    deliveryTarget: invitationDeliveryTarget,
  };
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', env.TRUST_PROXY);
  const httpServer = http.createServer(app);
  const database = watchDatabase(orm, log);
  const apollo = new ApolloServer<Context>({
    schema: options.schema ?? (await createSchema()),
    formatError: createFormatError(log, database),
    includeStacktraceInErrorResponses: false,
    // "Did you mean …?" would spell out the schema that introspection (off outside development)
    // keeps to itself.
    hideSchemaDetailsFromClientErrors: env.NODE_ENV !== 'development',
    validationRules: [oncePerRequest],
    // Apollo would stop itself on SIGINT/SIGTERM and then re-send the signal, killing the process
    // (exit 143) before the runtime's own shutdown finished: app/runtime.ts stops it in order.
    stopOnTerminationSignals: false,
    // Every answer is private to its session and never cached (the header is set below), so the
    // per-field cache-hint bookkeeping of the default cache-control plugin is pure cost: with it,
    // every field of a 50-row page ran through a plugin hook. Answers are compact JSON, not
    // Apollo's indented default. Both measured with bench/patient-list.ts.
    plugins: [
      // In-flight requests get most of the shutdown grace; the rest is for pools and the database.
      ApolloServerPluginDrainHttpServer({
        httpServer,
        stopGracePeriodMillis: Math.round(env.SHUTDOWN_GRACE_MS * 0.8),
      }),
      ApolloServerPluginCacheControlDisabled(),
      observabilityPlugin(),
    ],
    stringifyResult: (value) => JSON.stringify(value),
  });
  await apollo.start();

  // Answers are private and `no-store`: hashing each one for an ETag is wasted work.
  app.set('etag', false);

  app.use(
    requestScope(log, { statementMs: env.DB_STATEMENT_TIMEOUT_MS, lockMs: env.DB_LOCK_TIMEOUT_MS }),
  );
  mountHealth(app, { orm, jobs, log }, database);
  app.use(
    '/graphql',
    (_req, res, next) => {
      res.set('cache-control', 'no-store');
      next();
    },
    cookieParser(),
    express.json({ limit: '2mb' }),
    reenterScope,
    expressMiddleware(apollo, {
      context: async ({ req, res }): Promise<Context> => {
        const em = orm.em.fork();
        const services = createServices(em, deps);
        const token = readSessionCookie(req);
        const viewer = token
          ? await viewerOrUnavailable(() => services.auth.viewerFromToken(token))
          : null;
        const scope = currentScope();
        if (scope) scope.viewerId = viewer?.userId ?? null;
        return {
          em,
          viewer,
          deps,
          services,
          servicesOn: (other) => createServices(other, deps),
          req,
          res,
          ip: req.ip ?? null,
          userAgent: req.get('user-agent') ?? null,
        };
      },
    }),
  );

  app.use(reenterScope);
  for (const mount of HTTP_ROUTES) mount(app, orm, deps, (em) => createServices(em, deps));

  if (env.webDist && existsSync(path.join(env.webDist, 'index.html'))) {
    const index = path.join(env.webDist, 'index.html');
    app.use(express.static(env.webDist, { index: false, maxAge: '1h' }));
    // Client-side routes: every other GET gets the SPA.
    app.get(/^(?!\/(graphql|api\/|webhooks\/)).*/, (_req, res) => {
      res.sendFile(index);
    });
  } else if (env.webDist) {
    log.warn(`no built SPA in ${env.webDist}; run pnpm build`);
  }

  // The plain routes (imports, webhooks) with the database down: 503 and Retry-After as well.
  const unavailable: ErrorRequestHandler = (error, _req, res, next) => {
    if (!isDatabaseUnavailable(error) || res.headersSent) {
      next(error);
      return;
    }
    database.failed(error);
    res
      .status(503)
      .set('retry-after', String(RETRY_AFTER_SECONDS))
      .json({ code: 'SERVICE_UNAVAILABLE', message: ERROR_CODES.SERVICE_UNAVAILABLE });
  };
  app.use(unavailable);

  // The API's paths answer JSON with a code, never Express's HTML pages: a route that does not
  // exist, a body that is not JSON or too large. The raw body is never logged (a malformed
  // sign-in carries a password).
  app.use(['/api', '/graphql', '/webhooks'], (_req, res) => {
    res.status(404).json({ code: 'NOT_FOUND', message: ERROR_CODES.NOT_FOUND });
  });
  const httpErrors: ErrorRequestHandler = (error, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const e = error as { type?: unknown; status?: unknown; statusCode?: unknown };
    const status =
      typeof e.status === 'number'
        ? e.status
        : typeof e.statusCode === 'number'
          ? e.statusCode
          : 500;
    if (status === 413) {
      res.status(413).json({ code: 'PAYLOAD_TOO_LARGE', message: ERROR_CODES.PAYLOAD_TOO_LARGE });
      return;
    }
    if (status >= 400 && status < 500) {
      res.status(status).json({
        code: 'BAD_REQUEST',
        message:
          e.type === 'entity.parse.failed'
            ? 'The request body is not valid JSON.'
            : ERROR_CODES.BAD_REQUEST,
      });
      return;
    }
    log.error(
      `HTTP ${req.method} ${req.baseUrl || req.path.split('/').slice(0, 3).join('/')}: ${error instanceof Error ? error.name : 'error'}`,
    );
    res
      .status(500)
      .json({ code: 'INTERNAL_SERVER_ERROR', message: ERROR_CODES.INTERNAL_SERVER_ERROR });
  };
  app.use(httpErrors);

  await new Promise<void>((resolve) => httpServer.listen(env.PORT, env.HOST, resolve));
  const { port } = httpServer.address() as AddressInfo;
  return {
    url: `http://${env.HOST}:${port}`,
    port,
    deps,
    close: async () => {
      database.close();
      await apollo.stop();
      if (httpServer.listening)
        await new Promise<void>((resolve) => httpServer.close(() => resolve()));
    },
  };
}

/**
 * The session lookup runs before any resolver, so Apollo would answer its failure with HTTP 500.
 * With the database down it becomes SERVICE_UNAVAILABLE with HTTP 503 and Retry-After here
 * (formatError records the outage).
 */
async function viewerOrUnavailable<T>(lookup: () => Promise<T>): Promise<T> {
  try {
    return await lookup();
  } catch (error) {
    if (!isDatabaseUnavailable(error)) throw error;
    throw new GraphQLError(ERROR_CODES.SERVICE_UNAVAILABLE, {
      originalError: error instanceof Error ? error : undefined,
      extensions: {
        code: 'SERVICE_UNAVAILABLE',
        http: {
          status: 503,
          headers: new HeaderMap([['retry-after', String(RETRY_AFTER_SECONDS)]]),
        },
      },
    });
  }
}
