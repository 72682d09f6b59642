/**
 * The query layer's one output shape: SQL text with `?` placeholders and the values for them, in
 * order. Builders never paste a value into the text, so concatenating fragments in text order keeps
 * placeholders and values aligned, and each engine binds them its own way (DuckDB positional
 * parameters; ClickHouse 18.16, which has no query parameters, through `inlineClickHouseParams`).
 * The text itself only ever contains SQL we wrote and identifiers from an allowlist, never `?`.
 */
export type SqlValue = string | number;

export interface SqlFragment {
  readonly sql: string;
  readonly params: readonly SqlValue[];
}

/** A fragment with no placeholders. */
export function rawSql(sql: string): SqlFragment {
  return { sql, params: [] };
}

/** `?` bound to `value`. */
export function param(value: SqlValue): SqlFragment {
  return { sql: '?', params: [value] };
}

/** Fragments joined with `separator`, their values kept in text order. */
export function joinSql(parts: readonly SqlFragment[], separator: string): SqlFragment {
  return {
    sql: parts.map((p) => p.sql).join(separator),
    params: parts.flatMap((p) => p.params),
  };
}

/**
 * Tagged template for composing fragments: interpolated fragments are spliced in with their
 * values, nothing else may be interpolated (so a stray string cannot reach the SQL text).
 *
 * @example sql`(${left} AND ${right})`
 */
export function sql(strings: TemplateStringsArray, ...parts: readonly SqlFragment[]): SqlFragment {
  let text = strings[0] ?? '';
  const params: SqlValue[] = [];
  parts.forEach((part, i) => {
    text += part.sql + (strings[i + 1] ?? '');
    params.push(...part.params);
  });
  return { sql: text, params };
}
