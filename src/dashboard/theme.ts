/** Colours and fonts shared by the stylesheet and the chart, which cannot read CSS variables. */
export const COLORS = {
  text: '#1f2933',
  muted: '#616e7c',
  bar: '#3f6fd8',
  warning: '#d9480f',
} as const;

/**
 * System fonts only (self-hosted, no CDN), Japanese faces for each platform. The chart needs the
 * real list, not `inherit`: ECharts measures label widths on a canvas with this font.
 */
export const FONT_FAMILY =
  "system-ui, -apple-system, 'Segoe UI', 'Hiragino Sans', 'Hiragino Kaku Gothic ProN', 'Noto Sans JP', " +
  "'Noto Sans CJK JP', 'Yu Gothic UI', Meiryo, Roboto, 'Helvetica Neue', Arial, sans-serif";
