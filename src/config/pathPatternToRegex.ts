/**
 * The meaning of `match.path` in midgoal.yaml, as an anchored regular expression: `*` matches any
 * characters except `/` (within one segment), `**` matches any characters including `/` and none
 * at all, everything else matches itself, case-sensitively. So `/faq**` matches `/faq`, `/faq/`,
 * `/faq.html` and `/faq/returns`, while `/faq/**` needs the slash and `/products/*` matches one
 * level below `/products/` only.
 *
 * The result uses only syntax that JavaScript, DuckDB (`regexp_full_match`) and ClickHouse
 * (`match`, RE2) agree on, so every engine evaluates a pattern the same way.
 *
 * @example new RegExp(pathPatternToRegex('/faq**')).test('/faq') // true
 */
export function pathPatternToRegex(pattern: string): string {
  let out = '^';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] ?? '';
    if (ch === '*') {
      if (pattern[i + 1] === '*') {
        // Any run of 2+ stars is one `**`.
        while (pattern[i + 1] === '*') i++;
        out += '.*';
      } else {
        out += '[^/]*';
      }
    } else {
      out += /[\\^$.|?+()[\]{}]/.test(ch) ? `\\${ch}` : ch;
    }
  }
  return `${out}$`;
}
