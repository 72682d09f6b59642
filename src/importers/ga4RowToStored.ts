/**
 * One GA4 export row → a stored event, mapped the way GA4's own reports read the export:
 * - visitor = user_pseudo_id (the browser's GA cookie; user_id, the shop's login id, goes to
 *   props.user_id because it appears only after login and would split a journey in two);
 * - session = `<visitor>:<ga_session_id>` (ga_session_id alone repeats across visitors);
 * - page_location → url (path and utm_* from it), page_referrer → referrer, page_title → title;
 * - value = param `value`, else ecommerce.purchase_revenue; currency = param `currency`;
 * - campaign: the URL's utm_*, else the event's source/medium/campaign params, else
 *   collected_traffic_source; the channel then follows the collector's rules, so an imported
 *   event is classified like a tracked one;
 * - traffic_source is the user's *first* acquisition, not this event's: it goes to
 *   props.first_user_source / first_user_medium / first_user_campaign (GA4's names for it);
 * - other event params → props (scalars, first 50).
 * GA4 placeholders such as "(not set)" and "(direct)" are read as empty.
 */
import { EVENT_LIMITS, itemSchema } from '../schema/event.ts';
import { blankStoredEvent, type Device, type StoredEvent } from '../schema/storedEvent.ts';
import type { Ga4ParamValue, Ga4Row } from './ga4RowSchema.ts';
import { countryCode } from './countryCode.ts';
import { z } from 'zod';

const EVENT_NAME = /^[A-Za-z][A-Za-z0-9_.:-]*$/;
const CURRENCY = /^[A-Z]{3}$/;
/** Params that fill event columns instead of props. */
const MAPPED_PARAMS = new Set([
  'page_location',
  'page_referrer',
  'page_title',
  'ga_session_id',
  'value',
  'currency',
  'source',
  'medium',
  'campaign',
  'term',
  'content',
  'gclid',
]);
const PLACEHOLDER = /^(\(not set\)|\(direct\)|\(none\)|\(organic\)|\(referral\)|\(not provided\)|\(data deleted\)|<other>)$/i;
const itemsSchema = z.array(itemSchema).max(EVENT_LIMITS.itemsMax);

type Scalar = string | number | boolean;

export function ga4RowToStored(row: Ga4Row, site: string, id: string, received: number): StoredEvent | string {
  if (row.event_name.length > EVENT_LIMITS.nameMaxLength || !EVENT_NAME.test(row.event_name)) {
    return 'event_name: not a valid event name (letters, digits, _ . : -)';
  }
  const visitor = clean(row.user_pseudo_id) ?? clean(row.user_id);
  if (visitor === null) return 'user_pseudo_id: empty (and no user_id) — the row names no visitor';
  if (visitor.length > EVENT_LIMITS.idMaxLength) return `user_pseudo_id: longer than ${EVENT_LIMITS.idMaxLength} characters`;
  const ts = Math.floor(Number(row.event_timestamp) / 1000);

  const params = new Map<string, Scalar>();
  for (const p of row.event_params ?? []) {
    const v = paramValue(p.value);
    if (v !== null) params.set(p.key, v);
  }
  const ev = blankStoredEvent({ id, site, ts, name: row.event_name, visitor });
  ev.received = received;

  const sessionId = params.get('ga_session_id');
  if (sessionId !== undefined) {
    const session = `${visitor}:${sessionId}`;
    if (session.length > EVENT_LIMITS.idMaxLength) return `ga_session_id: session id longer than ${EVENT_LIMITS.idMaxLength} characters`;
    ev.session = session;
  }
  ev.url = stringParam(params, 'page_location', EVENT_LIMITS.urlMaxLength);
  ev.referrer = stringParam(params, 'page_referrer', EVENT_LIMITS.urlMaxLength);
  ev.title = stringParam(params, 'page_title', EVENT_LIMITS.titleMaxLength);

  const value = params.get('value') ?? row.ecommerce?.purchase_revenue ?? null;
  if (value !== null) {
    const n = Number(value);
    if (Number.isFinite(n)) ev.value = n;
  }
  const currency = params.get('currency');
  if (typeof currency === 'string' && CURRENCY.test(currency.toUpperCase())) ev.currency = currency.toUpperCase();

  const cts = row.collected_traffic_source;
  ev.utm_source = stringParam(params, 'source', 1024) ?? clean(cts?.manual_source);
  ev.utm_medium = stringParam(params, 'medium', 1024) ?? clean(cts?.manual_medium);
  ev.utm_campaign = stringParam(params, 'campaign', 1024) ?? clean(cts?.manual_campaign_name);
  ev.utm_term = stringParam(params, 'term', 1024) ?? clean(cts?.manual_term);
  ev.utm_content = stringParam(params, 'content', 1024) ?? clean(cts?.manual_content);
  ev.gclid = stringParam(params, 'gclid', 1024) ?? clean(cts?.gclid);

  ev.device = deviceOf(clean(row.device?.category));
  ev.os = clean(row.device?.operating_system);
  ev.browser = clean(row.device?.web_info?.browser) ?? clean(row.device?.browser);
  const country = clean(row.geo?.country);
  ev.country = country === null ? null : (countryCode(country) ?? country);

  const props: Record<string, Scalar> = {};
  let propCount = 0;
  const addProp = (key: string, v: Scalar): void => {
    if (propCount >= EVENT_LIMITS.propsMaxKeys || key.length > EVENT_LIMITS.propKeyMaxLength) return;
    props[key] = typeof v === 'string' ? v.slice(0, EVENT_LIMITS.propStringMaxLength) : v;
    propCount++;
  };
  const userId = clean(row.user_id);
  if (userId !== null) addProp('user_id', userId);
  const transactionId = clean(row.ecommerce?.transaction_id);
  if (transactionId !== null) addProp('transaction_id', transactionId);
  const first = row.traffic_source;
  const firstSource = clean(first?.source);
  const firstMedium = clean(first?.medium);
  const firstCampaign = clean(first?.name);
  if (firstSource !== null) addProp('first_user_source', firstSource);
  if (firstMedium !== null) addProp('first_user_medium', firstMedium);
  if (firstCampaign !== null) addProp('first_user_campaign', firstCampaign);
  for (const [key, v] of params) {
    if (!MAPPED_PARAMS.has(key) && !(key in props)) addProp(key, v);
  }
  if (propCount > 0) ev.props = JSON.stringify(props);

  if (row.items !== null && row.items !== undefined && row.items.length > 0) {
    const items = itemsSchema.safeParse(row.items.map(cleanItem));
    if (!items.success) {
      const issue = items.error.issues[0];
      const where = (issue?.path ?? []).map((k) => (typeof k === 'number' ? `[${k}]` : `.${String(k)}`)).join('');
      return `items${where}: ${issue?.message ?? 'invalid'}`;
    }
    ev.items = JSON.stringify(items.data);
  }
  return ev;
}

/** A param's one value: string, then int (a number when exact), then double, then float. */
function paramValue(v: Ga4ParamValue | null | undefined): Scalar | null {
  if (v === null || v === undefined) return null;
  if (typeof v.string_value === 'string') return PLACEHOLDER.test(v.string_value) ? null : v.string_value;
  if (v.int_value !== null && v.int_value !== undefined) {
    const n = Number(v.int_value);
    return Number.isSafeInteger(n) ? n : String(v.int_value);
  }
  if (typeof v.double_value === 'number') return v.double_value;
  if (typeof v.float_value === 'number') return v.float_value;
  return null;
}

function stringParam(params: ReadonlyMap<string, Scalar>, key: string, max: number): string | null {
  const v = params.get(key);
  if (v === undefined) return null;
  const s = String(v);
  return s === '' ? null : s.slice(0, max);
}

function clean(v: string | null | undefined): string | null {
  if (v === null || v === undefined) return null;
  const s = v.trim();
  return s === '' || PLACEHOLDER.test(s) ? null : s;
}

function deviceOf(category: string | null): Device {
  switch (category?.toLowerCase()) {
    case 'desktop':
      return 'desktop';
    case 'mobile':
      return 'mobile';
    case 'tablet':
      return 'tablet';
    default:
      return 'other';
  }
}

const ITEM_TEXT = new Set(['item_id', 'item_name', 'item_category', 'item_brand', 'item_variant']);
const ITEM_NUMBER = new Set(['price', 'quantity']);

/** GA4 item → midgoal item: nulls and placeholders dropped, INT64 strings made numbers where the schema wants numbers. */
function cleanItem(item: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(item)) {
    if (v === null || v === undefined) continue;
    if (typeof v === 'string' && (v === '' || PLACEHOLDER.test(v))) continue;
    if (ITEM_NUMBER.has(key)) {
      const n = Number(v);
      if (Number.isFinite(n)) out[key] = n;
    } else if (ITEM_TEXT.has(key)) {
      out[key] = String(v);
    } else if (typeof v === 'string') {
      out[key] = v.slice(0, EVENT_LIMITS.propStringMaxLength);
    } else if (typeof v === 'number' || typeof v === 'boolean') {
      out[key] = v;
    }
  }
  return out;
}
