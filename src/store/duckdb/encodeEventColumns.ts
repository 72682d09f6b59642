/**
 * Turns a batch into one text per column, values joined by a control character, so DuckDB can
 * split whole columns in C++ (`string_split` + `unnest`) instead of receiving every value through
 * its own native call. Measured on 2 shared cores: encode + insert 3.2 µs per event against 3.8 µs
 * through the row appender; COMMIT and checkpoints cost the same either way and are the rest.
 */
import { EVENT_COLUMNS } from '../../schema/storedEvent.ts';
import type { StoredEvent } from '../../schema/storedEvent.ts';

/** Between two values of a column (ASCII unit separator, chr(31)). */
export const VALUE_SEPARATOR = '\u001f';
/** A whole value that stands for NULL in a text column (ASCII record separator, chr(30)). */
export const NULL_MARK = '\u001e';

/**
 * One text per entry of `columns` (all of `EVENT_COLUMNS` unless given), in order: timestamps as
 * integer ms, NULL doubles as ''. Returns null when a text value would be misread: it contains the
 * separator or is exactly the NULL mark. Such control characters never come from browsers, so the
 * caller takes a slower path for those rare batches rather than escaping every value.
 * Throws when a timestamp is not a finite number, naming the event.
 */
export function encodeEventColumns(
  events: readonly StoredEvent[],
  columns: typeof EVENT_COLUMNS = EVENT_COLUMNS,
): string[] | null {
  const n = events.length;
  const values: (string | number)[] = new Array<string | number>(n);
  const texts: string[] = [];
  for (const [column, type] of columns) {
    if (type === 'timestamp_ms') {
      for (let i = 0; i < n; i++) {
        const ms = (events[i] as StoredEvent)[column];
        if (typeof ms !== 'number' || !Number.isFinite(ms)) {
          throw new Error(`Event ${String((events[i] as StoredEvent).id)} has no valid ${column} (${String(ms)}); expected milliseconds since the epoch.`);
        }
        values[i] = Math.round(ms);
      }
      texts.push(values.join(VALUE_SEPARATOR));
    } else if (type === 'double') {
      for (let i = 0; i < n; i++) {
        const v = (events[i] as StoredEvent)[column];
        values[i] = v === null || v === undefined ? '' : Number(v);
      }
      texts.push(values.join(VALUE_SEPARATOR));
    } else {
      for (let i = 0; i < n; i++) {
        const v = (events[i] as StoredEvent)[column];
        if (v === null || v === undefined) values[i] = NULL_MARK;
        else if (v === NULL_MARK) return null;
        else values[i] = String(v);
      }
      const text = values.join(VALUE_SEPARATOR);
      if (!hasSeparators(text, n - 1)) return null;
      texts.push(text);
    }
  }
  return texts;
}

/** True when `text` holds exactly `expected` separators, i.e. no value brought one of its own. */
function hasSeparators(text: string, expected: number): boolean {
  let count = 0;
  for (let at = text.indexOf(VALUE_SEPARATOR); at !== -1; at = text.indexOf(VALUE_SEPARATOR, at + 1)) {
    if (++count > expected) return false;
  }
  return count === expected;
}
