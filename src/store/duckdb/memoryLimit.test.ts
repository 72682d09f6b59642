import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemoryLimitError, parseMemoryLimit, readMemoryLimit } from './memoryLimit.ts';
import { openDuckDbStore } from './openDuckDbStore.ts';

describe('parseMemoryLimit', () => {
  it('reads sizes with a unit, 1 KB = 1,024 bytes', () => {
    expect(parseMemoryLimit('512MB')).toBe(512 * 1024 * 1024);
    expect(parseMemoryLimit(' 2gb ')).toBe(2 * 1024 ** 3);
    expect(parseMemoryLimit('1.5GB')).toBe(1.5 * 1024 ** 3);
    expect(parseMemoryLimit('128MB')).toBe(128 * 1024 * 1024);
  });

  it('leaves the limit to DuckDB when unset', () => {
    expect(parseMemoryLimit(undefined)).toBeUndefined();
    expect(parseMemoryLimit('')).toBeUndefined();
  });

  it('refuses what is not a size, a bare number and less than 128MB, saying what to give (en + ja)', () => {
    expect(() => parseMemoryLimit('lots')).toThrow(MemoryLimitError);
    expect(() => parseMemoryLimit('lots')).toThrow(/e\.g\. 512MB or 2GB.*単位を付けて/);
    expect(() => parseMemoryLimit('536870912')).toThrow(/not a size/);
    expect(() => parseMemoryLimit('127MB')).toThrow(/below the 128MB.*128MB 以上/);
  });
});

describe('the store with a memory limit', () => {
  it('runs DuckDB with it', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'midgoal-memlimit-'));
    const store = await openDuckDbStore(dir, { memoryLimit: parseMemoryLimit('256MB') });
    try {
      expect(await readMemoryLimit(store.connection())).toBe('256.0 MiB');
    } finally {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
