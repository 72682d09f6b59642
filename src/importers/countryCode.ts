/**
 * Country name (as GA4 exports write it: "Japan", "United States") → ISO 3166-1 alpha-2 code,
 * the form tracked events store. The table is built from the runtime's own region names
 * (Intl.DisplayNames), so it needs no data file; a few spellings GA4 uses differently are added.
 */

/** Withdrawn or reserved codes that share a name with a current one (UK/GB, SU/RU, …). */
const NOT_CURRENT = new Set(['AN', 'BU', 'CS', 'DD', 'DY', 'FX', 'HV', 'NH', 'QO', 'RH', 'SU', 'TP', 'UK', 'VD', 'YD', 'YU', 'ZR', 'EU', 'EZ', 'UN', 'ZZ']);

const EXTRA: ReadonlyArray<readonly [string, string]> = [
  ['hong kong', 'HK'],
  ['macao', 'MO'],
  ['macau', 'MO'],
  ['turkey', 'TR'],
  ['myanmar', 'MM'],
  ['czech republic', 'CZ'],
  ['ivory coast', 'CI'],
  ["cote d'ivoire", 'CI'],
  ['democratic republic of the congo', 'CD'],
  ['republic of the congo', 'CG'],
  ['usa', 'US'],
  ['russian federation', 'RU'],
  ['viet nam', 'VN'],
  ['the netherlands', 'NL'],
];

let table: Map<string, string> | null = null;

function buildTable(): Map<string, string> {
  const names = new Intl.DisplayNames('en', { type: 'region' });
  const map = new Map<string, string>();
  for (let a = 65; a <= 90; a++) {
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b);
      if (NOT_CURRENT.has(code)) continue;
      let name: string | undefined;
      try {
        name = names.of(code);
      } catch {
        continue;
      }
      if (name === undefined || name === code) continue;
      const key = normalize(name);
      if (!map.has(key)) map.set(key, code);
    }
  }
  for (const [name, code] of EXTRA) map.set(normalize(name), code);
  return map;
}

function normalize(name: string): string {
  return name
    .toLowerCase()
    .replace(/[’`]/g, "'")
    .replace(/ and /g, ' & ')
    .replace(/^saint /, 'st. ')
    .trim();
}

/** The ISO code for a country name or code, or null when the name is unknown or "(not set)". */
export function countryCode(name: string): string | null {
  const trimmed = name.trim();
  if (/^[A-Z]{2}$/.test(trimmed)) return trimmed;
  table ??= buildTable();
  return table.get(normalize(trimmed)) ?? null;
}
