/**
 * Guesses the delimiter from the header (or first) line: the most frequent of `,` `;` tab `|`
 * outside quotes. Comma wins ties and lines with none of them (a one-column file).
 */
const CANDIDATES = [',', ';', '\t', '|'] as const;

export function detectDelimiter(firstLine: string): string {
  const counts = new Map<string, number>(CANDIDATES.map((c) => [c, 0]));
  let quoted = false;
  for (const ch of firstLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  let best = ',';
  let bestCount = 0;
  for (const [c, n] of counts) {
    if (n > bestCount) {
      best = c;
      bestCount = n;
    }
  }
  return best;
}
