/**
 * The first Super Admin's password for `create-super-admin`, when given in the environment
 * (PORTER_ADMIN_PASSWORD); empty means "ask at the prompt". Only that command reads it, so it is
 * not part of the server's validated environment (env.ts).
 */
export function adminPasswordFromEnv(): string {
  return process.env.PORTER_ADMIN_PASSWORD ?? '';
}
