/**
 * Every string the dashboard shows, in English and Japanese. `Messages` is one interface both
 * languages must satisfy, so a string missing in either language is a type error.
 */
import type { ClientErrorCode } from './api.ts';

export type Lang = 'en' | 'ja';

export interface Messages {
  tagline: string;
  languageLabel: string;
  site: string;
  funnel: string;
  from: string;
  to: string;
  loading: string;
  windowLabel: (window: string) => string;
  overallRate: string;
  firstStepVisitors: string;
  lastStepVisitors: string;
  bottleneck: (step: string, rate: string) => string;
  bottleneckHint: (previousStep: string, lost: string) => string;
  noBottleneck: string;
  chartTitle: string;
  chartAria: (funnel: string) => string;
  tableTitle: string;
  colStep: string;
  colVisitors: string;
  colStepRate: string;
  colInterval: string;
  colFromStart: string;
  colDropOff: string;
  intervalNote: string;
  noDataInRange: (from: string, to: string) => string;
  emptyTitle: string;
  emptyIntro: string;
  emptyCurlTitle: string;
  emptyTagTitle: string;
  emptyDemoTitle: string;
  emptyDemoNote: string;
  copy: string;
  copied: string;
  noSites: string;
  noFunnels: string;
  errorTitle: string;
  errorCode: (code: string) => string;
  retry: string;
  invalidRange: string;
  clientErrors: Record<ClientErrorCode, string>;
  eventsStored: (count: string) => string;
}

const en: Messages = {
  tagline: 'Funnels and micro-conversions',
  languageLabel: 'Language',
  site: 'Site',
  funnel: 'Funnel',
  from: 'From',
  to: 'To',
  loading: 'Loading…',
  windowLabel: (window) => `Window: ${window} from the first step`,
  overallRate: 'Overall conversion',
  firstStepVisitors: 'Visitors at the first step',
  lastStepVisitors: 'Visitors who completed the funnel',
  bottleneck: (step, rate) => `Bottleneck: ${step} ${rate}`,
  bottleneckHint: (previousStep, lost) =>
    `The lowest step-to-step rate in this funnel: ${lost} visitors stopped after “${previousStep}”.`,
  noBottleneck: 'No bottleneck yet: no visitor reached the first step.',
  chartTitle: 'Visitors per step',
  chartAria: (funnel) => `Bar chart of visitors per step of the funnel ${funnel}`,
  tableTitle: 'Step by step',
  colStep: 'Step',
  colVisitors: 'Visitors',
  colStepRate: 'Step rate',
  colInterval: '95% interval',
  colFromStart: 'From start',
  colDropOff: 'Drop-off',
  intervalNote:
    'Step rate: visitors of this step ÷ visitors of the previous step. The 95% interval shows how far the true rate may be from it, which matters with small numbers.',
  noDataInRange: (from, to) => `No visitor reached the first step between ${from} and ${to}. Try a longer date range.`,
  emptyTitle: 'No events yet',
  emptyIntro: 'midgoal has not received any events. Send some from your shop, or load the demo shop to look around.',
  emptyCurlTitle: 'Send an event from your server',
  emptyTagTitle: 'Or paste this tag into your pages, before </head>',
  emptyDemoTitle: 'Or load the demo shop',
  emptyDemoNote: 'Run it in the folder where midgoal runs, then reload this page.',
  copy: 'Copy',
  copied: 'Copied',
  noSites: 'No sites are set up. Add a site to midgoal.yaml and restart the server.',
  noFunnels: 'This site has no funnels. Add one to midgoal.yaml and restart the server.',
  errorTitle: 'The report could not be loaded',
  errorCode: (code) => `Error code: ${code}`,
  retry: 'Try again',
  invalidRange: 'Pick a start and an end date, with the start on or before the end.',
  clientErrors: {
    network: 'Could not reach the midgoal server. Check that it is running, then try again.',
    http: 'The server answered with an error and no explanation. Its log has the details.',
    bad_response:
      'The server answered in an unexpected format. The dashboard and the server may be different versions: rebuild with `npm run build:dashboard`.',
  },
  eventsStored: (count) => `${count} events stored`,
};

const ja: Messages = {
  tagline: 'ファネルと中継ゴールの分析',
  languageLabel: '言語',
  site: 'サイト',
  funnel: 'ファネル',
  from: '開始日',
  to: '終了日',
  loading: '読み込み中…',
  windowLabel: (window) => `計測期間: 最初のステップから${window}`,
  overallRate: '最終コンバージョン率',
  firstStepVisitors: '最初のステップの訪問者',
  lastStepVisitors: 'ファネルを完了した訪問者',
  bottleneck: (step, rate) => `ボトルネック: ${step} ${rate}`,
  bottleneckHint: (previousStep, lost) =>
    `このファネルで遷移率が最も低いステップです。「${previousStep}」の後に ${lost} 人が離脱しました。`,
  noBottleneck: '最初のステップに到達した訪問者がいないため、ボトルネックはまだありません。',
  chartTitle: 'ステップごとの訪問者数',
  chartAria: (funnel) => `ファネル「${funnel}」のステップごとの訪問者数の棒グラフ`,
  tableTitle: 'ステップ別の詳細',
  colStep: 'ステップ',
  colVisitors: '訪問者',
  colStepRate: '遷移率',
  colInterval: '95%信頼区間',
  colFromStart: '全体比',
  colDropOff: '離脱',
  intervalNote:
    '遷移率 = このステップの訪問者 ÷ 前のステップの訪問者。95%信頼区間は、実際の率がどの程度ぶれうるかを示します(件数が少ないときに重要です)。',
  noDataInRange: (from, to) =>
    `${from}〜${to} に最初のステップに到達した訪問者はいません。期間を広げてみてください。`,
  emptyTitle: 'まだイベントがありません',
  emptyIntro:
    'midgoal はまだイベントを受け取っていません。ショップからイベントを送るか、デモショップのデータで操作を試してください。',
  emptyCurlTitle: 'サーバーからイベントを送る',
  emptyTagTitle: 'またはこのタグを各ページの </head> の前に貼り付ける',
  emptyDemoTitle: 'またはデモショップのデータを読み込む',
  emptyDemoNote: 'midgoal を動かしているフォルダで実行し、このページを再読み込みしてください。',
  copy: 'コピー',
  copied: 'コピーしました',
  noSites: 'サイトが設定されていません。midgoal.yaml にサイトを追加し、サーバーを再起動してください。',
  noFunnels: 'このサイトにはファネルがありません。midgoal.yaml に追加し、サーバーを再起動してください。',
  errorTitle: 'レポートを読み込めませんでした',
  errorCode: (code) => `エラーコード: ${code}`,
  retry: '再試行',
  invalidRange: '開始日と終了日を選んでください(開始日は終了日以前の日付にしてください)。',
  clientErrors: {
    network: 'midgoal サーバーに接続できません。起動していることを確認してから再試行してください。',
    http: 'サーバーがエラーを返しましたが、説明がありません。詳細はサーバーのログを確認してください。',
    bad_response:
      'サーバーの応答の形式が想定と異なります。ダッシュボードとサーバーのバージョンが違う可能性があります。`npm run build:dashboard` で再ビルドしてください。',
  },
  eventsStored: (count) => `保存済みイベント ${count} 件`,
};

export const messages: Record<Lang, Messages> = { en, ja };
