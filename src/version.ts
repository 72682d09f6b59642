/** The midgoal version (package.json's; src/version.test.ts keeps them equal). */
export const MIDGOAL_VERSION = '0.1.0';
