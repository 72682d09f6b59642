/**
 * One log record's payload back to a StoredEvent. The CRC already proved the bytes are the ones
 * written; this catches a log written by a midgoal with another event shape, which is skipped with
 * a warning rather than blocking the writer.
 */
import type { StoredEvent } from '../schema/storedEvent.ts';
import { storedEventSchema } from '../schema/storedEventSchema.ts';

export function decodeLogRecord(file: string, seq: number, payload: Buffer, warn: (message: string) => void): StoredEvent | null {
  let json: unknown;
  try {
    json = JSON.parse(payload.toString('utf8'));
  } catch {
    json = undefined;
  }
  const parsed = storedEventSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  warn(
    `Ingest log record ${seq} in ${file} is not an event this midgoal understands ` +
      `(${parsed.error.issues[0]?.path.join('.') ?? ''}: ${parsed.error.issues[0]?.message ?? 'not JSON'}); it is skipped. ` +
      'Was the log written by a different midgoal version?',
  );
  return null;
}
