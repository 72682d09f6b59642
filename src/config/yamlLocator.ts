/**
 * Maps a field path (`['funnels', 0, 'window']`) to where it is written in the YAML source, so
 * every problem can say `midgoal.yaml:12:5`. A field that is missing points at the mapping that
 * should hold it; a field that is present points at its key.
 */
import { isAlias, isMap, isScalar, isSeq } from 'yaml';
import type { Document, LineCounter } from 'yaml';

export interface SourcePosition {
  line: number;
  col: number;
}

export type Locator = (path: readonly PropertyKey[]) => SourcePosition | null;

export function yamlLocator(doc: Document, lineCounter: LineCounter): Locator {
  return (path) => {
    let node: unknown = doc.contents;
    let offset = startOf(node);
    for (const seg of path) {
      if (isAlias(node)) node = node.resolve(doc);
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
        if (pair === undefined) break;
        // Point at the key: it names the field, and an empty value has no useful position.
        offset = startOf(pair.key) ?? offset;
        node = pair.value;
      } else if (isSeq(node) && typeof seg === 'number') {
        const item: unknown = node.items[seg];
        if (item === undefined) break;
        node = item;
        offset = startOf(item) ?? offset;
      } else {
        break;
      }
    }
    return offset === null ? null : lineCounter.linePos(offset);
  };
}

function startOf(node: unknown): number | null {
  if (typeof node !== 'object' || node === null || !('range' in node)) return null;
  const range: unknown = node.range;
  return Array.isArray(range) && typeof range[0] === 'number' ? range[0] : null;
}
