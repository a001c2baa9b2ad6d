import { describe, expect, it } from 'vitest';
import { devConvenienceProblem, loadEnv, modeLine } from './env.js';

describe('loadEnv', () => {
  it('defaults to the embedded database, the .porter folder and the in-process worker', () => {
    const env = loadEnv({});
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.PORTER_DATA_DIR).toMatch(/\.porter$/);
    expect(env.PORTER_WORKER).toBe(true);
    expect(env.seedDemo).toBe(true);
  });

  it('lists every invalid value at once', () => {
    expect(() => loadEnv({ PORT: 'abc', DATABASE_URL: 'not a url', NODE_ENV: 'staging' })).toThrow(
      /PORT[\s\S]*DATABASE_URL|DATABASE_URL[\s\S]*PORT/,
    );
    expect(() => loadEnv({ NODE_ENV: 'staging' })).toThrow(/NODE_ENV/);
  });

  it('refuses send timeouts that could outlive the delivery lease, and a lease past the job lock', () => {
    expect(loadEnv({}).DELIVERY_LEASE_MS).toBeGreaterThan(3 * loadEnv({}).SMTP_TIMEOUT_MS);
    expect(() => loadEnv({ DELIVERY_LEASE_MS: '60000' })).toThrow(
      /SMTP_TIMEOUT_MS: 30000 ms; a hung send may take three times it/,
    );
    expect(() => loadEnv({ DELIVERY_LEASE_MS: '25000', SMTP_TIMEOUT_MS: '5000' })).toThrow(
      /^(?![\s\S]*SMTP_TIMEOUT_MS)[\s\S]*TWILIO_TIMEOUT_MS: 15000 ms/,
    );
    expect(
      loadEnv({ DELIVERY_LEASE_MS: '4000', SMTP_TIMEOUT_MS: '1000', TWILIO_TIMEOUT_MS: '1000' })
        .DELIVERY_LEASE_MS,
    ).toBe(4000);
    expect(() => loadEnv({ DELIVERY_LEASE_MS: '600000' })).toThrow(/under the job lock/);
  });

  it('keeps the outbox and the demo seed to a machine of one’s own, unless told otherwise', () => {
    const local = loadEnv({ NODE_ENV: 'development' });
    expect(devConvenienceProblem(local, true)).toBeNull();
    // The tests' APP_URL (.test is reserved: it reaches nobody).
    expect(devConvenienceProblem(loadEnv({ APP_URL: 'http://porter.test' }), true)).toBeNull();
    expect(devConvenienceProblem(loadEnv({ HOST: '0.0.0.0' }), true)).toBe(
      'the development outbox (PORTER_DEV_OUTBOX) and the demo seed (PORTER_SEED_DEMO) are for a machine of your own, but HOST is 0.0.0.0, not loopback. Turn them off (PORTER_DEV_OUTBOX=false, PORTER_SEED_DEMO=false), or set PORTER_DEV_ON_NETWORK=true to allow them here.',
    );
    const seededPublic = loadEnv({
      NODE_ENV: 'production',
      PORTER_SEED_DEMO: 'true',
      APP_URL: 'https://porter.example.org',
    });
    // The migrate command seeds (it listens nowhere): APP_URL alone decides.
    expect(devConvenienceProblem(seededPublic, false)).toMatch(
      /^the demo seed \(PORTER_SEED_DEMO\) is for a machine of your own, but APP_URL is https:\/\/porter.example.org, not a local address/,
    );
    expect(
      devConvenienceProblem({ ...seededPublic, PORTER_DEV_ON_NETWORK: true }, false),
    ).toBeNull();
    // Production, as deployed: neither is on.
    expect(
      devConvenienceProblem(
        loadEnv({ NODE_ENV: 'production', HOST: '0.0.0.0', APP_URL: 'https://porter.example.org' }),
        true,
      ),
    ).toBeNull();
  });

  it('says which mode it runs in, and when that is only the default', () => {
    expect(modeLine(loadEnv({}), 'porter API')).toBe(
      'porter API starting in development mode (NODE_ENV is not set; set NODE_ENV=production for a real deployment)',
    );
    expect(modeLine(loadEnv({ NODE_ENV: 'production' }), 'porter API')).toBe(
      'porter API starting in production mode',
    );
  });

  it('serves the built SPA and skips the demo seed in production', () => {
    const env = loadEnv({ NODE_ENV: 'production' });
    expect(env.webDist).toMatch(/packages\/web\/dist$/);
    expect(env.seedDemo).toBe(false);
  });

  it('treats empty variables as unset and wants all three Twilio settings or none', () => {
    const env = loadEnv({
      TWILIO_ACCOUNT_SID: '',
      TWILIO_AUTH_TOKEN: '',
      TWILIO_FROM: '',
      SMS_DEFAULT_COUNTRY: 'gb',
    });
    expect(env.TWILIO_ACCOUNT_SID).toBeUndefined();
    expect(env.SMS_DEFAULT_COUNTRY).toBe('GB');
    expect(env.publicUrl).toBe('http://localhost:5173');
    expect(() => loadEnv({ TWILIO_ACCOUNT_SID: 'AC1', TWILIO_AUTH_TOKEN: 'secret' })).toThrow(
      /all three or none/,
    );
    expect(loadEnv({ PUBLIC_URL: 'https://porter.example/' }).publicUrl).toBe(
      'https://porter.example',
    );
  });
});
