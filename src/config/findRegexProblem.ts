/**
 * What is wrong with a regular expression from midgoal.yaml, or undefined when the stores can run
 * it. Both stores use RE2 (DuckDB `regexp_matches`, ClickHouse `match`), which runs in linear time
 * (no catastrophic backtracking) but has no backreferences, lookaround, atomic groups or
 * possessive quantifiers, refuses repetition counts above 1000 (also nested ones multiplied), and
 * knows fewer escapes than JavaScript. We check for exactly that here, then let JavaScript's parser
 * find the plain syntax errors (unbalanced parentheses, nothing to repeat) on a copy with the
 * RE2-only syntax neutralised. The pattern is only compiled, never run: user regexes are never
 * evaluated in this process (a backtracking engine would be the catastrophic case).
 *
 * @example findRegexProblem('^/products/[^/]+$') // undefined
 * @example findRegexProblem('(a)\\1') // 'backreferences (\\1) are not supported …'
 */
export const MAX_REGEX_LENGTH = 512;
/** RE2's own limit on `{n}` and on nested counts multiplied together. */
const MAX_REPEAT = 1000;

const CLASS_ESCAPES = 'dDwWsS';
const PLAIN_ESCAPES = 'nrtfv';
/** Valid outside a character class only. */
const ASSERTION_ESCAPES = 'bBAz';
const RE2_FLAGS = /^\(\?([imsU]*)(?:-([imsU]+))?([:)])/;
const POSIX_CLASSES = /^\^?(alnum|alpha|ascii|blank|cntrl|digit|graph|lower|print|punct|space|upper|word|xdigit)$/;

export function findRegexProblem(pattern: string): string | undefined {
  if (pattern.length === 0) return 'a regular expression must not be empty';
  if (pattern.length > MAX_REGEX_LENGTH) return `a regular expression may have at most ${MAX_REGEX_LENGTH} characters`;

  let shadow = '';
  let inClass = false;
  /** Per open group: the largest count product inside it so far. */
  const groups: number[] = [1];
  /** Count product of the atom a quantifier would apply to. */
  let lastAtom = 1;

  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] ?? '';
    if (ch === '\\') {
      const escape = readEscape(pattern, i, inClass);
      if (typeof escape === 'string') return escape;
      shadow += escape.shadow;
      i = escape.end - 1;
      lastAtom = 1;
      continue;
    }
    if (inClass) {
      if (ch === '[' && pattern[i + 1] === ':') {
        const end = pattern.indexOf(':]', i + 2);
        const name = end > 0 ? pattern.slice(i + 2, end) : '';
        if (POSIX_CLASSES.test(name)) {
          shadow += 'a';
          i = end + 1;
          continue;
        }
        if (/^\^?[A-Za-z]+$/.test(name)) {
          return `[:${name}:] is not a character class RE2 knows; use [:alpha:], [:digit:], [:space:] …`;
        }
      }
      // A `]` right after `[` or `[^` was taken as a literal when the class opened.
      if (ch === ']') inClass = false;
      shadow += ch === '[' ? '\\[' : ch;
      continue;
    }
    switch (ch) {
      case '[':
        inClass = true;
        shadow += ch;
        if (pattern[i + 1] === '^') shadow += pattern[++i];
        // A `]` right after `[` or `[^` is a literal in RE2; JavaScript needs it escaped.
        if (pattern[i + 1] === ']') {
          shadow += '\\]';
          i++;
        }
        lastAtom = 1;
        break;
      case '(': {
        const group = readGroupOpening(pattern, i);
        if (typeof group === 'string') return group;
        shadow += group.shadow;
        i = group.end - 1;
        if (group.opens) groups.push(1);
        break;
      }
      case ')': {
        if (groups.length === 1) return 'a ) has no matching (';
        lastAtom = groups.pop() ?? 1;
        // The enclosing group holds this one: its counts multiply with any count put on it.
        groups[groups.length - 1] = Math.max(groups[groups.length - 1] ?? 1, lastAtom);
        shadow += ch;
        break;
      }
      case '*':
      case '+':
      case '?':
        if (pattern[i + 1] === '+') return `possessive quantifiers (${ch}+) are not supported by RE2; write ${ch} alone`;
        shadow += ch;
        break;
      case '{': {
        const count = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i));
        if (count === null) {
          shadow += '\\{';
          break;
        }
        const min = Number(count[1]);
        const max = count[3] === undefined || count[3] === '' ? min : Number(count[3]);
        if (Math.max(min, max) > MAX_REPEAT) {
          return `a repetition count may be at most ${MAX_REPEAT} (RE2's limit), got ${count[0]}`;
        }
        const product = Math.max(min, max) * lastAtom;
        if (product > MAX_REPEAT) {
          return (
            `nested repetition counts multiply to ${product}, more than RE2's limit of ${MAX_REPEAT}; ` +
            'use * or + for the outer repetition'
          );
        }
        const depth = groups.length - 1;
        groups[depth] = Math.max(groups[depth] ?? 1, product);
        if (pattern[i + count[0].length] === '+') {
          return 'possessive quantifiers ({n}+) are not supported by RE2; leave out the +';
        }
        shadow += count[0];
        i += count[0].length - 1;
        break;
      }
      default:
        shadow += ch;
        lastAtom = 1;
    }
  }
  if (inClass) return 'a [ has no matching ]';
  if (groups.length > 1) return 'a ( has no matching )';
  try {
    new RegExp(shadow);
  } catch (err) {
    const why = err instanceof Error ? err.message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '') : String(err);
    return `not a valid regular expression: ${why}`;
  }
  return undefined;
}

type Piece = { shadow: string; end: number };

function readEscape(pattern: string, at: number, inClass: boolean): Piece | string {
  const c = pattern[at + 1];
  if (c === undefined) return 'the pattern ends with a lone \\; write \\\\ for a backslash';
  if (/[0-9]/.test(c)) return `backreferences and octal escapes (\\${c}) are not supported by RE2; repeat the text instead`;
  if (c === 'k' || c === 'g') return `backreferences (\\${c}) are not supported by RE2; repeat the text instead`;
  if (CLASS_ESCAPES.includes(c) || PLAIN_ESCAPES.includes(c)) {
    if (inClass && CLASS_ESCAPES.includes(c) && (pattern[at - 1] === '-' || (pattern[at + 2] === '-' && pattern[at + 3] !== ']'))) {
      return `\\${c} cannot be the end of a range inside [...]; put - first or last to mean a dash`;
    }
    return { shadow: `\\${c}`, end: at + 2 };
  }
  if (ASSERTION_ESCAPES.includes(c)) {
    if (inClass) return `\\${c} has no meaning inside [...] in RE2; move it outside the brackets`;
    return { shadow: c === 'b' || c === 'B' ? `\\${c}` : c === 'A' ? '^' : '$', end: at + 2 };
  }
  if (c === 'x') {
    const hex = /^(?:[0-9A-Fa-f]{2}|\{[0-9A-Fa-f]{1,6}\})/.exec(pattern.slice(at + 2));
    if (hex === null) return 'write a character code as \\x41 or \\x{3042}';
    return { shadow: 'x', end: at + 2 + hex[0].length };
  }
  if (c === 'p' || c === 'P') {
    const name = /^(?:[A-Za-z]|\{\^?[A-Za-z_]+\})/.exec(pattern.slice(at + 2));
    if (name === null) return `write a Unicode class as \\${c}L or \\${c}{Han}`;
    return { shadow: 'p', end: at + 2 + name[0].length };
  }
  if (/[A-Za-z]/.test(c)) {
    return `\\${c} is not an escape RE2 knows; write the character itself, or use \\d \\w \\s \\b \\n \\t \\x41 \\p{L}`;
  }
  if (/[!-/:-@[-`{-~]/.test(c)) return { shadow: `\\${c}`, end: at + 2 };
  return `\\ before "${c}" is not needed; write the character itself`;
}

function readGroupOpening(pattern: string, at: number): (Piece & { opens: boolean }) | string {
  if (pattern[at + 1] !== '?') return { shadow: '(', end: at + 1, opens: true };
  const rest = pattern.slice(at);
  if (rest.startsWith('(?:')) return { shadow: '(?:', end: at + 3, opens: true };
  if (rest.startsWith('(?=') || rest.startsWith('(?!')) {
    return 'lookahead (?= …) and (?! …) is not supported by RE2; match the text itself, or use not: for "does not match"';
  }
  if (rest.startsWith('(?<=') || rest.startsWith('(?<!')) {
    return 'lookbehind (?<= …) and (?<! …) is not supported by RE2; match the text itself, or use not: for "does not match"';
  }
  if (rest.startsWith('(?>')) return 'atomic groups (?> …) are not supported by RE2; use (?: …)';
  if (rest.startsWith('(?P<') || rest.startsWith('(?<')) return 'named groups are not needed here; use ( … ) or (?: … )';
  if (rest.startsWith('(?#')) return 'comments (?# …) are not supported by RE2; remove them';
  const flags = RE2_FLAGS.exec(rest);
  if (flags !== null && (flags[1] !== '' || flags[2] !== undefined)) {
    // `(?i)` sets flags for the rest of the group; `(?i:…)` opens a group.
    return flags[3] === ')'
      ? { shadow: '', end: at + flags[0].length, opens: false }
      : { shadow: '(?:', end: at + flags[0].length, opens: true };
  }
  return 'this (? … group is not supported; RE2 allows (?: …) and flags such as (?i) (ignore case) or (?s)';
}
