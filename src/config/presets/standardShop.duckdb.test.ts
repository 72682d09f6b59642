/**
 * The preset's engagement, intent and media micro-conversions on DuckDB, against events as
 * midgoal's tracker sends them (video_percent 25/50/75, video_complete, lower-case
 * file_extension) and as the demo and GTM setups send them (video_progress with percent 50/100).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blankStoredEvent } from '../../schema/storedEvent.ts';
import type { StoredEvent } from '../../schema/storedEvent.ts';
import { buildMatchSql } from '../../query/buildMatchSql.ts';
import { duckDbMatchingIds, openMatchTestDuckDb } from '../../query/matchTestEvents.ts';
import { standardShop } from './standardShop.ts';

function ev(id: string, name: string, path: string, props?: Record<string, string | number>): StoredEvent {
  return {
    ...blankStoredEvent({ id, site: 's', ts: Date.UTC(2026, 10, 1), name, visitor: 'v' }),
    path,
    props: props === undefined ? null : JSON.stringify(props),
  };
}

const EVENTS: StoredEvent[] = [
  ev('eng-130-75', 'page_engagement', '/', { engaged_seconds: 130, scroll_depth: 75 }),
  ev('eng-120-70', 'page_engagement', '/', { engaged_seconds: 120, scroll_depth: 70 }),
  ev('eng-300-50', 'page_engagement', '/', { engaged_seconds: 300, scroll_depth: 50 }),
  ev('eng-119-90', 'page_engagement', '/', { engaged_seconds: 119, scroll_depth: 90 }),
  ev('pv-size-guide', 'page_view', '/size-guide'),
  ev('pv-shopify-size', 'page_view', '/pages/size_guide'),
  ev('pv-sizes', 'page_view', '/sizes'),
  ev('pv-reviews', 'page_view', '/products/tea/reviews'),
  ev('pv-review', 'page_view', '/review'),
  ev('pv-reviewsx', 'page_view', '/reviewsx'),
  ev('view-reviews', 'view_reviews', '/products/tea'),
  ev('pv-compare', 'page_view', '/compare'),
  ev('pv-comparison', 'page_view', '/pages/comparison/teas'),
  ev('trk-start', 'video_start', '/', { video_title: 'Brew' }),
  ev('trk-25', 'video_progress', '/', { video_percent: 25 }),
  ev('trk-50', 'video_progress', '/', { video_percent: 50 }),
  ev('trk-75', 'video_progress', '/', { video_percent: 75 }),
  ev('trk-complete', 'video_complete', '/', { video_title: 'Brew' }),
  ev('demo-50', 'video_progress', '/', { percent: 50 }),
  ev('demo-100', 'video_progress', '/', { percent: 100 }),
  ev('dl-pdf', 'file_download', '/pages/catalog', { file_extension: 'pdf' }),
  ev('dl-zip', 'file_download', '/pages/catalog', { file_extension: 'zip' }),
];

let conn: DuckDBConnection;
beforeAll(async () => {
  conn = await openMatchTestDuckDb(EVENTS);
});
afterAll(() => conn.closeSync());

async function matchingPreset(id: string): Promise<string[]> {
  const mc = standardShop.microConversions.find((m) => m.id === id);
  if (!mc) throw new Error(`no preset micro-conversion ${id}`);
  return (await duckDbMatchingIds(conn, buildMatchSql(mc.match, 'duckdb'))).sort();
}

describe('standard-shop preset on DuckDB', () => {
  it('engaged_visit: ≥ 120 s AND ≥ 70 % on the same page view, bounds included', async () => {
    expect(await matchingPreset('engaged_visit')).toEqual(['eng-120-70', 'eng-130-75']);
  });

  it('intent pages: size guide, reviews, comparison', async () => {
    expect(await matchingPreset('size_guide_view')).toEqual(['pv-shopify-size', 'pv-size-guide']);
    expect(await matchingPreset('review_view')).toEqual(['pv-review', 'pv-reviews', 'view-reviews']);
    expect(await matchingPreset('comparison_view')).toEqual(['pv-compare', 'pv-comparison']);
  });

  it('video_50: 50 % or more with either property name, or completed', async () => {
    expect(await matchingPreset('video_50')).toEqual(['demo-100', 'demo-50', 'trk-50', 'trk-75', 'trk-complete']);
  });

  it('video_complete: the tracker event or 100 %', async () => {
    expect(await matchingPreset('video_complete')).toEqual(['demo-100', 'trk-complete']);
  });

  it('catalog_download: PDF downloads only', async () => {
    expect(await matchingPreset('catalog_download')).toEqual(['dl-pdf']);
  });
});
