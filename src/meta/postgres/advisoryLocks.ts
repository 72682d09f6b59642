/**
 * Keys for pg_advisory_xact_lock(int, int). The first number marks them as midgoal's ('midg') so
 * they do not collide with another application's locks in a shared database.
 */
const MIDGOAL = 0x6d696467;

export const LOCK_MIGRATE = [MIDGOAL, 1] as const;
export const LOCK_CONFIG_VERSION = [MIDGOAL, 2] as const;
