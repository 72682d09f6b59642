/**
 * YAML text → a validated LoadedConfig, with every mistake reported as `name:line:col field: message`.
 * loadConfig uses it for midgoal.yaml; the metadata store uses it for configurations kept in a
 * database, named like `meta:config@3`, so both give the same errors.
 */
import { LineCounter, parseDocument } from 'yaml';
import type { YAMLError } from 'yaml';
import { ConfigError } from './ConfigError.ts';
import type { LoadedConfig } from './LoadedConfig.ts';
import { buildLoadedConfig } from './buildLoadedConfig.ts';
import { yamlLocator } from './yamlLocator.ts';

export interface YamlSource {
  /** Name shown in messages (`midgoal.yaml`, `meta:config@3`). */
  file: string;
  /** Absolute path of the file read, or null when the text did not come from a file. */
  path: string | null;
}

export function configFromYaml(text: string, source: YamlSource): LoadedConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, merge: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      doc.errors.map((e) => {
        const pos = lineCounter.linePos(e.pos[0]);
        return { file: source.file, line: pos.line, col: pos.col, field: 'YAML syntax', message: syntaxMessage(e) };
      }),
    );
  }
  let raw: unknown;
  try {
    raw = doc.toJS();
  } catch (err) {
    // Unresolvable aliases and alias bombs only surface when the document is converted.
    const message = `${err instanceof Error ? err.message : String(err)}; check the anchors (&name) and aliases (*name)`;
    throw new ConfigError([{ file: source.file, line: null, col: null, field: null, message }]);
  }
  return buildLoadedConfig(raw, { file: source.file, path: source.path, locate: yamlLocator(doc, lineCounter) });
}

/** The yaml package's wording, with the fix spelled out where it names library internals. */
function syntaxMessage(e: YAMLError): string {
  switch (e.code) {
    case 'MULTIPLE_DOCS':
      return 'the file holds more than one YAML document; keep one (remove the second ---)';
    case 'DUPLICATE_KEY':
      return 'this key appears twice in the same mapping; keep only one of them';
    case 'TAB_AS_INDENT':
      return 'tabs are not allowed for indentation; indent with spaces';
    default:
      return `${e.message}; check the indentation (spaces) and quotes on this line and the one above`;
  }
}
