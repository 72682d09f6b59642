/**
 * The demo shop: a small Japanese online store (北の雑貨店) with the pages, products, traffic
 * sources and devices a real one has. Pure data, so the generator reads like a visitor's story.
 */
import type { Device } from '../schema/storedEvent.ts';

export const DEMO_SITE = 'demo';
export const DEMO_ORIGIN = 'https://demo-shop.example';
export const SHOP_NAME = '北の雑貨店';

export interface Category {
  handle: string;
  name: string;
}

export const CATEGORIES: readonly Category[] = [
  { handle: 'tea', name: 'お茶・ドリンク' },
  { handle: 'sweets', name: 'お菓子' },
  { handle: 'kitchen', name: 'キッチン雑貨' },
  { handle: 'gifts', name: 'ギフトセット' },
];

export interface Product {
  id: string;
  handle: string;
  name: string;
  category: string;
  price: number;
  /** Product pages with an introduction video send video_progress events. */
  hasVideo: boolean;
}

export const PRODUCTS: readonly Product[] = [
  { id: 'KZ-T01', handle: 'hokkaido-hojicha-100g', name: '北海道ほうじ茶 100g', category: 'tea', price: 1080, hasVideo: false },
  { id: 'KZ-T02', handle: 'kuromame-cha-tea-bags', name: '黒豆茶 ティーバッグ 20包', category: 'tea', price: 1296, hasVideo: false },
  { id: 'KZ-T03', handle: 'haskap-juice-500ml', name: 'ハスカップジュース 500ml', category: 'tea', price: 1620, hasVideo: false },
  { id: 'KZ-S01', handle: 'haskap-jam-140g', name: 'ハスカップジャム 140g', category: 'sweets', price: 864, hasVideo: false },
  { id: 'KZ-S02', handle: 'milk-cookies-12', name: '牧場ミルククッキー 12枚', category: 'sweets', price: 1188, hasVideo: false },
  { id: 'KZ-S03', handle: 'honey-acacia-300g', name: 'アカシアはちみつ 300g', category: 'sweets', price: 2480, hasVideo: true },
  { id: 'KZ-K01', handle: 'shirakaba-coaster-set', name: '白樺コースター 4枚セット', category: 'kitchen', price: 2200, hasVideo: false },
  { id: 'KZ-K02', handle: 'nambu-iron-kettle', name: '南部鉄器 ミニ急須 0.4L', category: 'kitchen', price: 6600, hasVideo: true },
  { id: 'KZ-K03', handle: 'wooden-butter-knife', name: '木のバターナイフ', category: 'kitchen', price: 1540, hasVideo: false },
  { id: 'KZ-G01', handle: 'tea-time-gift-box', name: 'ティータイムギフトボックス', category: 'gifts', price: 4980, hasVideo: true },
  { id: 'KZ-G02', handle: 'sweets-assortment-gift', name: '北のお菓子詰め合わせ', category: 'gifts', price: 3780, hasVideo: false },
  { id: 'KZ-G03', handle: 'kettle-and-tea-gift', name: '急須とほうじ茶のギフト', category: 'gifts', price: 8800, hasVideo: true },
];

export interface ContentPage {
  path: string;
  title: string;
}

/** Pages that are neither catalogue nor checkout; FAQ and shipping are the article's intent pages. */
export const CONTENT_PAGES = {
  home: { path: '/', title: `${SHOP_NAME} | 北海道の暮らしの道具とおやつ` },
  faq: { path: '/faq', title: `よくある質問 | ${SHOP_NAME}` },
  shipping: { path: '/shipping', title: `配送・送料について | ${SHOP_NAME}` },
  about: { path: '/pages/about', title: `私たちについて | ${SHOP_NAME}` },
  catalog: { path: '/pages/catalog', title: `カタログ（PDF）ダウンロード | ${SHOP_NAME}` },
  journal: { path: '/blogs/journal/how-to-brew-hojicha', title: `ほうじ茶のおいしい淹れ方 | ${SHOP_NAME}` },
  cart: { path: '/cart', title: `カート | ${SHOP_NAME}` },
  checkoutInfo: { path: '/checkout/info', title: `お客様情報の入力 | ${SHOP_NAME}` },
  checkoutConfirm: { path: '/checkout/confirm', title: `ご注文内容の確認 | ${SHOP_NAME}` },
  checkoutThanks: { path: '/checkout/thanks', title: `ご注文ありがとうございました | ${SHOP_NAME}` },
} as const satisfies Record<string, ContentPage>;

export const CATALOG_PDF = `${DEMO_ORIGIN}/files/kitanozakka-catalog-2026.pdf`;

/** How a session arrived; collect's classifyChannel turns it into the `channel` column. */
export interface TrafficSource {
  key: string;
  referrer: string | null;
  utm: {
    source: string;
    medium: string;
    campaign: string;
    content?: string;
    term?: string;
  } | null;
  /** Google Ads click id on the landing URL. */
  gclid: boolean;
}

/** First-visit mix with relative weights, close to a small Japanese shop's GA4 report. */
export const FIRST_VISIT_SOURCES: ReadonlyArray<readonly [TrafficSource, number]> = [
  [{ key: 'google', referrer: 'https://www.google.com/', utm: null, gclid: false }, 24],
  [{ key: 'yahoo', referrer: 'https://search.yahoo.co.jp/', utm: null, gclid: false }, 9],
  [{ key: 'bing', referrer: 'https://www.bing.com/', utm: null, gclid: false }, 2],
  [
    {
      key: 'google_ads_brand',
     
      referrer: 'https://www.google.com/',
      utm: { source: 'google', medium: 'cpc', campaign: 'brand', term: '北の雑貨店' },
      gclid: true,
    },
    7,
  ],
  [
    {
      key: 'google_ads_gift',
     
      referrer: 'https://www.google.com/',
      utm: { source: 'google', medium: 'cpc', campaign: 'gift_generic', term: '北海道 お土産 ギフト' },
      gclid: true,
    },
    12,
  ],
  [{ key: 'instagram', referrer: 'https://l.instagram.com/', utm: null, gclid: false }, 7],
  [
    {
      key: 'instagram_post',
     
      referrer: 'https://l.instagram.com/',
      utm: { source: 'instagram', medium: 'social', campaign: 'autumn_tea', content: 'reel' },
      gclid: false,
    },
    4,
  ],
  [{ key: 'x', referrer: 'https://t.co/', utm: null, gclid: false }, 3],
  [
    {
      key: 'line',
     
      referrer: null,
      utm: { source: 'line', medium: 'social', campaign: 'line_oa_weekly', content: 'rich_message' },
      gclid: false,
    },
    10,
  ],
  [
    {
      key: 'newsletter',
     
      referrer: null,
      utm: { source: 'newsletter', medium: 'email', campaign: 'weekly_mail', content: 'hero_banner' },
      gclid: false,
    },
    7,
  ],
  [{ key: 'direct', referrer: null, utm: null, gclid: false }, 15],
];

export const DIRECT_SOURCE: TrafficSource = { key: 'direct', referrer: null, utm: null, gclid: false };

export interface DeviceProfile {
  device: Device;
  browser: string;
  os: string;
}

/** Names as ua-parser-js reports them, so the demo segments look like collected data. */
export const DEVICE_PROFILES: ReadonlyArray<readonly [DeviceProfile, number]> = [
  [{ device: 'mobile', browser: 'Mobile Safari', os: 'iOS' }, 40],
  [{ device: 'mobile', browser: 'Chrome', os: 'Android' }, 17],
  [{ device: 'mobile', browser: 'Samsung Internet', os: 'Android' }, 2],
  [{ device: 'desktop', browser: 'Chrome', os: 'Windows' }, 17],
  [{ device: 'desktop', browser: 'Edge', os: 'Windows' }, 7],
  [{ device: 'desktop', browser: 'Safari', os: 'macOS' }, 6],
  [{ device: 'desktop', browser: 'Chrome', os: 'macOS' }, 4],
  [{ device: 'desktop', browser: 'Firefox', os: 'Windows' }, 1],
  [{ device: 'tablet', browser: 'Mobile Safari', os: 'iOS' }, 6],
];

/** LINE links open in LINE's in-app browser. */
export const LINE_IN_APP: DeviceProfile = { device: 'mobile', browser: 'Line', os: 'iOS' };

export const COUNTRIES: ReadonlyArray<readonly [string, number]> = [
  ['JP', 95],
  ['TW', 2],
  ['US', 2],
  ['KR', 1],
];

/** Relative traffic per hour of day in Japan time: a lunch bump and an evening peak. */
export const HOUR_WEIGHTS_JST: readonly number[] = [
  3, 2, 1, 1, 1, 1, 2, 4, 6, 6, 6, 7, 9, 8, 6, 6, 6, 7, 8, 10, 12, 12, 10, 6,
];

export const PAYMENT_TYPES: ReadonlyArray<readonly [string, number]> = [
  ['credit_card', 55],
  ['paypay', 15],
  ['konbini', 12],
  ['amazon_pay', 10],
  ['cash_on_delivery', 8],
];

/** Free shipping from 5,000 yen, otherwise a flat fee: the article's "hidden shipping cost". */
export const FREE_SHIPPING_FROM = 5000;
export const SHIPPING_FEE = 880;
