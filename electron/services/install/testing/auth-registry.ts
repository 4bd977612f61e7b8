/**
 * A real registry that wants credentials: the test registry (build/testing/registry.ts) with
 * htpasswd (basic) auth, the way a private registry is often run. The user and its bcrypt hash are
 * fixed here (a throwaway registry that lives for one test file). Test helper only.
 */
import { startRegistry, type Registry } from '../../build/testing/registry';

export const AUTH_USER = 'tester';
export const AUTH_PASSWORD = 'plugsmith-registry-secret-7f3a';
/** bcrypt (cost 4) of AUTH_PASSWORD, made with Python's crypt.crypt(..., METHOD_BLOWFISH). */
const AUTH_HASH = '$2b$04$eh2krkfOd202uvSoKWW5VuJN9BYdjzqMkzbg3FfIDaB3/PiZbGbMy';

export function startAuthRegistry(): Promise<Registry> {
  return startRegistry({ htpasswd: { user: AUTH_USER, hash: AUTH_HASH } });
}
