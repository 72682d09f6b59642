import { STEP_CODE_SCALE } from './funnelCodes.ts';
import { SESSION_GAP_SECONDS } from './sessionizeEventsSql.ts';

/**
 * Cuts one visitor's id-less events (sorted codes) into sessions where two consecutive events are
 * more than SESSION_GAP_SECONDS apart — the rule sessionizeEventsSql.ts applies in DuckDB, for
 * engines without window functions (ClickHouse 18.16). Calls `onSession(begin, end)` with each
 * session's index range in `codes`.
 */
export function sessionizeCodes(
  codes: Float64Array,
  length: number,
  onSession: (begin: number, end: number) => void,
): void {
  let begin = 0;
  for (let i = 1; i <= length; i++) {
    if (
      i === length ||
      Math.floor((codes[i] ?? 0) / STEP_CODE_SCALE) - Math.floor((codes[i - 1] ?? 0) / STEP_CODE_SCALE) > SESSION_GAP_SECONDS
    ) {
      if (i > begin) onSession(begin, i);
      begin = i;
    }
  }
}
