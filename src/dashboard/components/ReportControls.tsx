/** Which report to show: site, funnel and the days to count (in the site's time zone). */
import type { DateRange, FunnelSummary, SiteSummary } from '../api.ts';
import { useI18n } from '../I18nProvider.tsx';
import { localizedLabel } from '../localizedLabel.ts';

interface Props {
  sites: readonly SiteSummary[];
  site: SiteSummary;
  funnel: FunnelSummary | undefined;
  range: DateRange;
  onSite: (id: string) => void;
  onFunnel: (id: string) => void;
  onRange: (range: DateRange) => void;
}

export function ReportControls({ sites, site, funnel, range, onSite, onFunnel, onRange }: Props) {
  const { lang, t, fmt } = useI18n();
  return (
    <div className="controls">
      <label>
        <span>{t.site}</span>
        <select value={site.id} onChange={(e) => onSite(e.target.value)}>
          {sites.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>{t.funnel}</span>
        <select value={funnel?.id ?? ''} onChange={(e) => onFunnel(e.target.value)} disabled={!funnel}>
          {site.funnels.map((f) => (
            <option key={f.id} value={f.id}>
              {localizedLabel(f.label, lang)}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>{t.from}</span>
        <input type="date" value={range.from} max={range.to} onChange={(e) => onRange({ ...range, from: e.target.value })} />
      </label>
      <label>
        <span>{t.to}</span>
        <input type="date" value={range.to} min={range.from} onChange={(e) => onRange({ ...range, to: e.target.value })} />
      </label>
      {funnel && (
        <p className="window muted">
          {t.windowLabel(fmt.duration(funnel.windowSeconds))} · {site.timezone}
        </p>
      )}
    </div>
  );
}
