import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createSecretKey,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytesPooled } from './random.js';

/**
 * The server secret: PORTER_SECRET when set (and shared by every process), otherwise one made on
 * first start and kept in the data folder (a single-machine, embedded-database setup).
 */
export function resolveSecret(configured: string | undefined, dataDir: string): string {
  if (configured) return configured;
  const file = path.join(dataDir, 'secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

/** Seals short values (tokens on their way to a mailer) with AES-256-GCM under the server secret. */
export class Sealer {
  // A KeyObject made once: given a Buffer, every cipher would import the key again (measured as
  // a fifth of the CSV import's CPU at 100,000 rows).
  private readonly key: KeyObject;
  constructor(secret: string) {
    this.key = createSecretKey(createHash('sha256').update(`porter-seal:${secret}`).digest());
  }

  seal(plain: string): string {
    const iv = randomBytesPooled(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
  }

  unseal(sealed: string): string {
    const raw = Buffer.from(sealed, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }
}
