import 'reflect-metadata';
import { createInterface } from 'node:readline/promises';
import { systemClock } from './common/clock.js';
import { createLogger } from './common/logger.js';
import { adminPasswordFromEnv } from './config/admin-password.js';
import { loadEnv } from './config/env.js';
import { provideDatabase } from './infra/db/database.js';
import { openDatabase } from './infra/db/orm.js';
import { ENTITIES } from './app/entities.js';
import { createFirstSuperAdmin } from './modules/platform/index.js';

// The first Super Admin of a new installation, on the database the API uses (DATABASE_URL, or the
// embedded one in PORTER_DATA_DIR):
//   node packages/api/dist/create-super-admin.js --email you@example.org --name "Your Name"
// The password comes from PORTER_ADMIN_PASSWORD, or is asked for on the terminal.
const args = process.argv.slice(2);
const option = (name: string) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : undefined;
};
const email = option('email');
const fullName = option('name');
if (!email || !fullName) {
  console.error(
    'usage: create-super-admin --email <address> --name "<full name>"   (password from PORTER_ADMIN_PASSWORD or the prompt)',
  );
  process.exit(2);
}

const env = loadEnv();
const log = createLogger(env.LOG_LEVEL === 'info' ? 'warn' : env.LOG_LEVEL);
let password = adminPasswordFromEnv();
if (!password) {
  const prompt = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  password = await prompt.question('Password (at least 12 characters): ');
  prompt.close();
}
const db = await provideDatabase(env, log);
const orm = await openDatabase(db.url, ENTITIES, log, { migrate: env.PORTER_MIGRATE });
try {
  const user = await createFirstSuperAdmin(orm.em.fork(), systemClock, {
    email,
    fullName,
    password,
  });
  console.log(
    `${user.email} is the Super Admin of this installation; sign in at ${env.APP_URL}/sign-in`,
  );
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
} finally {
  await orm.close();
  await db.stop();
}
