/**
 * The `standard-shop` preset: every micro-conversion the article lists (PRODUCT.md "The loop" 1) —
 * the shop funnel (visit → product detail → cart → customer-info form → confirm → purchase),
 * engagement (≥ 2 min AND ≥ 70 % scrolled on one page), sign-ups, intent pages, media and browsing
 * patterns — named after the GA4 e-commerce events a shop tagged for GA4 already sends and the
 * events midgoal's tracker sends (src/tracker). Parsed through the same schemas as midgoal.yaml,
 * so the preset cannot drift from what users may write.
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
    description: 'Any download the tracker sees (event file_download); catalog_download is the PDF one.',
    match: { event: 'file_download' },
  },
  {
    // The tracker sends page_engagement with the page view's totals when the page is hidden or
    // left, so one event carries both numbers and "on one page view" needs no aggregate.
    id: 'engaged_visit',
    label: { en: 'Engaged visit (2+ min, 70%+ scrolled)', ja: 'じっくり閲覧（2分以上滞在・70%以上スクロール）' },
    description: 'A page view with at least 120 s of engaged time and at least 70 % scrolled (event page_engagement).',
    match: { event: 'page_engagement', props: { engaged_seconds: { gte: 120 }, scroll_depth: { gte: 70 } } },
  },
  {
    // Unanchored regexes: the size guide is /size-guide on some shops, /pages/size-guide on Shopify.
    id: 'size_guide_view',
    label: { en: 'Size guide viewed', ja: 'サイズガイドの参照' },
    description: 'A page view whose path contains /size-guide, /sizeguide or /size_guide.',
    match: { event: 'page_view', pathRegex: '/size[-_]?guide' },
  },
  {
    id: 'review_view',
    label: { en: 'Reviews viewed', ja: '商品レビューの閲覧' },
    description: 'Event view_reviews, or a page view of a reviews page (/reviews, /products/…/reviews).',
    match: { any: [{ event: 'view_reviews' }, { event: 'page_view', pathRegex: '/reviews?(/|$)' }] },
  },
  {
    id: 'comparison_view',
    label: { en: 'Comparison page used', ja: '商品比較ページの利用' },
    description: 'A page view whose path contains /compare or /comparison.',
    match: { event: 'page_view', pathRegex: '/compar(e|ison)' },
  },
  {
    // midgoal's tracker sends video_percent 25/50/75 and video_complete (GA4's names); GTM setups
    // and the demo send percent. Someone who jumps past the middle sends only 75 or complete.
    id: 'video_50',
    label: { en: 'Video watched 50%+', ja: '動画の50%以上再生' },
    description: 'video_progress at 50 % or more (props video_percent or percent), or video_complete.',
    match: {
      any: [
        { event: 'video_progress', any: [{ props: { video_percent: { gte: 50 } } }, { props: { percent: { gte: 50 } } }] },
        { event: 'video_complete' },
      ],
    },
  },
  {
    id: 'video_complete',
    label: { en: 'Video watched to the end', ja: '動画の視聴完了' },
    description: 'video_complete, or video_progress at 100 % (props video_percent or percent).',
    match: {
      any: [
        { event: 'video_complete' },
        { event: 'video_progress', any: [{ props: { video_percent: { gte: 100 } } }, { props: { percent: { gte: 100 } } }] },
      ],
    },
  },
  {
    // The tracker lower-cases the extension.
    id: 'catalog_download',
    label: { en: 'Catalog PDF downloaded', ja: 'カタログPDFのダウンロード' },
    description: 'file_download of a PDF (file_extension pdf).',
    match: { event: 'file_download', props: { file_extension: 'pdf' } },
  },
  {
    id: 'pages_3',
    label: { en: '3+ pages in a visit', ja: '3ページ以上閲覧' },
    description: 'The third page view of a session, and every event of that session after it.',
    match: { aggregate: { scope: 'session', count: { event: 'page_view' }, gte: 3 } },
  },
  {
    id: 'categories_2',
    label: { en: '2+ product categories viewed', ja: '異なるカテゴリの商品を2つ以上閲覧' },
    description: 'Product pages (view_item) of at least two different item categories in one session.',
    match: {
      aggregate: { scope: 'session', distinct: { item: 'item_category' }, of: { event: 'view_item' }, gte: 2 },
    },
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
