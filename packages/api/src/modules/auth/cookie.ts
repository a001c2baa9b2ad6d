import type { Request } from 'express';
import type { Context } from '../../common/context.js';

export const SESSION_COOKIE = 'porter_session';

/** httpOnly so scripts never see the token; SameSite=Lax so other sites cannot post with it. */
export function setSessionCookie(ctx: Context, token: string): void {
  ctx.res.cookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: ctx.deps.env.APP_URL.startsWith('https:'),
    path: '/',
    maxAge: ctx.deps.env.SESSION_TTL_DAYS * 86_400_000,
  });
}

export function clearSessionCookie(ctx: Context): void {
  ctx.res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', path: '/' });
}

export function readSessionCookie(req: Request): string | undefined {
  const value = (req.cookies as Record<string, unknown> | undefined)?.[SESSION_COOKIE];
  return typeof value === 'string' && value.length > 0 && value.length < 200 ? value : undefined;
}
