/** The three numbers an operator reads first, and the bottleneck named in words. */
import type { FunnelReport } from '../api.ts';
import type { Bottleneck } from '../findBottleneck.ts';
import { useI18n } from '../I18nProvider.tsx';
import { localizedLabel } from '../localizedLabel.ts';

interface Props {
  report: FunnelReport;
  bottleneck: Bottleneck | null;
}

export function SummaryCards({ report, bottleneck }: Props) {
  const { lang, t, fmt } = useI18n();
  const first = report.steps[0];
  const last = report.steps[report.steps.length - 1];
  return (
    <>
      <div className="cards">
        <div className="card">
          <div className="card-label">{t.overallRate}</div>
          <div className="card-value">{fmt.percent(report.overallRate)}</div>
        </div>
        <div className="card">
          <div className="card-label">{t.firstStepVisitors}</div>
          <div className="card-value">{fmt.count(first?.count ?? 0)}</div>
        </div>
        <div className="card">
          <div className="card-label">{t.lastStepVisitors}</div>
          <div className="card-value">{fmt.count(last?.count ?? 0)}</div>
        </div>
      </div>
      {bottleneck ? (
        <div className="bottleneck" role="status" data-testid="bottleneck">
          <strong>{t.bottleneck(localizedLabel(bottleneck.step.label, lang), fmt.percent(bottleneck.rate))}</strong>
          <span>
            {t.bottleneckHint(
              localizedLabel(bottleneck.previous.label, lang),
              fmt.count(bottleneck.previous.count - bottleneck.step.count),
            )}
          </span>
        </div>
      ) : (
        <div className="bottleneck is-none" role="status">
          {t.noBottleneck}
        </div>
      )}
    </>
  );
}
