/**
 * Deterministic ids for imported events that carry none: `i-<10 hex of sha256(file base name)>-<line>`.
 * Importing the same file again (from any folder) gives the same ids, so a store that keeps one
 * row per id ignores the repeat; two files with different names never collide. The name is
 * hashed rather than copied because ids are limited to 128 characters.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';

/** The id prefix for one file; append the line number. */
export function importIdPrefix(fileName: string): string {
  const base = path.basename(fileName);
  return `i-${createHash('sha256').update(base).digest('hex').slice(0, 10)}-`;
}
