/**
 * The one error a broken midgoal.yaml produces. It lists every problem at once, each as
 * `file:line:col field: message`, so an operator fixes the whole file in one pass and editors can
 * jump to each spot.
 */

/** One thing wrong with the configuration. `line`/`col` are 1-based; null when unknown. */
export interface ConfigProblem {
  /** The file as the user named it (`midgoal.yaml`), or the source name given to configFromObject. */
  file: string;
  line: number | null;
  col: number | null;
  /** Field path such as `funnels[0].window`, or `YAML syntax`; null for the file as a whole. */
  field: string | null;
  /** What is wrong and what is expected. */
  message: string;
}

/** `midgoal.yaml:12:5 funnels[0].window: write a duration such as 30m, 2h, 7d or 2w` */
export function formatProblem(p: ConfigProblem): string {
  const where = p.line === null ? p.file : `${p.file}:${p.line}:${p.col ?? 1}`;
  return p.field === null ? `${where}: ${p.message}` : `${where} ${p.field}: ${p.message}`;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly ConfigProblem[]) {
    super(describe(problems));
    this.problems = problems;
  }
}

function describe(problems: readonly ConfigProblem[]): string {
  const files = [...new Set(problems.map((p) => p.file))].join(', ') || 'the configuration';
  const n = problems.length;
  const header = [
    `${files} has ${n} problem${n === 1 ? '' : 's'}; fix ${n === 1 ? 'it' : 'them'} and run midgoal again (docs/CONFIG.md describes every field).`,
    `${files} に ${n} 件の問題があります。修正してから midgoal をもう一度実行してください（各項目の説明は docs/CONFIG.md にあります）。`,
  ];
  return [...header, ...problems.map(formatProblem)].join('\n');
}
