/**
 * Rows of cells → aligned text columns: the first column left-aligned, the others right-aligned
 * (numbers), widths measured in terminal cells so Japanese labels line up.
 */
import stringWidth from 'string-width';

export function formatColumns(rows: readonly (readonly string[])[], leftColumns = 1): string[] {
  const columns = Math.max(0, ...rows.map((r) => r.length));
  const widths = Array.from({ length: columns }, (_, col) => Math.max(0, ...rows.map((r) => stringWidth(r[col] ?? ''))));
  return rows.map((r) =>
    r
      .map((cell, col) => {
        const gap = ' '.repeat((widths[col] ?? 0) - stringWidth(cell));
        return col < leftColumns ? cell + gap : gap + cell;
      })
      .join('  ')
      .trimEnd(),
  );
}
