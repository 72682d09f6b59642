import { createHash, randomBytes } from 'node:crypto';

export type VisitorHasher = (site: string, ip: string, userAgent: string) => string;

const DAY_MS = 86_400_000;

/**
 * Cookieless visitor ids: a hash of site + IP + User-Agent under a random salt that lives only
 * in memory and is replaced at every UTC midnight. The same browser gets the same id all day,
 * and nobody (us included) can link days or recover the IP. A restart also replaces the salt.
 */
export function createVisitorHasher(now: () => number = Date.now): VisitorHasher {
  let day = -1;
  let salt = Buffer.alloc(0);
  return (site, ip, userAgent) => {
    const today = Math.floor(now() / DAY_MS);
    if (today !== day) {
      day = today;
      salt = randomBytes(32);
    }
    // NUL separators keep ("ab", "c") and ("a", "bc") apart.
    return createHash('sha256')
      .update(salt)
      .update(`${site}\0${ip}\0${userAgent}`)
      .digest('base64url')
      .slice(0, 22);
  };
}
