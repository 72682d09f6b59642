/**
 * The `standard-shop` preset: the shop funnel from the article (visit → product detail → cart →
 * customer-info form → confirm → purchase) plus common sign-up and intent goals, named after the
 * GA4 e-commerce events a shop tagged for GA4 already sends. Parsed through the same schemas as
 * midgoal.yaml, so the preset cannot drift from what users may write.
 */
import { funnelSchema, microConversionSchema } from '../../schema/config.ts';
import type { ConfigPreset } from './ConfigPreset.ts';

const microConversions = [
  {
    id: 'visit',
    label: { en: 'Visit', ja: '訪問' },
    description: 'Any page view.',
    match: { event: 'page_view' },
  },
  {
    id: 'product_list',
    label: { en: 'Product list viewed', ja: '商品一覧の閲覧' },
    match: { event: 'view_item_list' },
  },
  {
    id: 'product_detail',
    label: { en: 'Product page viewed', ja: '商品詳細の閲覧' },
    match: { event: 'view_item' },
  },
  {
    id: 'add_to_cart',
    label: { en: 'Added to cart', ja: 'カート追加' },
    match: { event: 'add_to_cart' },
  },
  {
    id: 'checkout_info',
    label: { en: 'Customer info form', ja: 'お客様情報入力' },
    description: 'Checkout started: the form for name, address and delivery (GA4 begin_checkout).',
    match: { event: 'begin_checkout' },
  },
  {
    id: 'checkout_confirm',
    label: { en: 'Order confirmation page', ja: '注文確認画面' },
    description: 'Payment chosen, order shown for confirmation (GA4 add_payment_info).',
    match: { event: 'add_payment_info' },
  },
  {
    id: 'purchase',
    label: { en: 'Purchase', ja: '購入完了' },
    match: { event: 'purchase' },
  },
  {
    id: 'sign_up',
    label: { en: 'Member sign-up', ja: '会員登録' },
    match: { event: 'sign_up' },
  },
  {
    // One event name rather than generate_lead + props.method: a match ANDs its parts, and a
    // dedicated name is what the tracker and most tag setups can send without extra parameters.
    id: 'newsletter',
    label: { en: 'Newsletter sign-up', ja: 'メルマガ登録' },
    description: 'Event newsletter_signup. Shops sending GA4 generate_lead can override this id.',
    match: { event: 'newsletter_signup' },
  },
  {
    id: 'line_signup',
    label: { en: 'LINE friend added', ja: 'LINE友だち追加' },
    match: { event: 'line_signup' },
  },
  {
    // `/faq**`, not `/faq/**`: the FAQ page itself is usually `/faq` (or `/faq.html`, `/faqs`), and
    // `**` matches any characters including none and `/`.
    id: 'faq_view',
    label: { en: 'FAQ viewed', ja: 'よくある質問の閲覧' },
    description: 'A page view under /faq: /faq, /faq/, /faq.html, /faqs, /faq/returns …',
    match: { event: 'page_view', path: '/faq**' },
  },
  {
    id: 'shipping_info_view',
    label: { en: 'Shipping info viewed', ja: '送料・配送情報の閲覧' },
    description: 'A page view under /shipping: /shipping, /shipping-fees, /shipping/overseas …',
    match: { event: 'page_view', path: '/shipping**' },
  },
  {
    id: 'file_download',
    label: { en: 'File downloaded', ja: 'ファイルのダウンロード' },
    description: 'E.g. the catalog PDF (event file_download).',
    match: { event: 'file_download' },
  },
].map((m) => microConversionSchema.parse(m));

const funnels = [
  {
    id: 'purchase',
    label: { en: 'Purchase funnel', ja: '購入ファネル' },
    steps: ['visit', 'product_detail', 'add_to_cart', 'checkout_info', 'checkout_confirm', 'purchase'],
    window: '7d',
  },
].map((f) => funnelSchema.parse(f));

export const standardShop: ConfigPreset = { id: 'standard-shop', microConversions, funnels };
