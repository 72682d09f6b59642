/** The numbers behind the chart, one row per step; the bottleneck row is marked. */
import type { FunnelReport } from '../api.ts';
import { useI18n } from '../I18nProvider.tsx';
import { localizedLabel } from '../localizedLabel.ts';

interface Props {
  report: FunnelReport;
  bottleneckIndex: number | null;
}

export function FunnelTable({ report, bottleneckIndex }: Props) {
  const { lang, t, fmt } = useI18n();
  const dash = <span className="muted">—</span>;
  return (
    <div className="table-wrap">
      <table className="funnel-table">
        <thead>
          <tr>
            <th scope="col">{t.colStep}</th>
            <th scope="col" className="num">{t.colVisitors}</th>
            <th scope="col" className="num">{t.colStepRate}</th>
            <th scope="col" className="num">{t.colInterval}</th>
            <th scope="col" className="num">{t.colFromStart}</th>
            <th scope="col" className="num">{t.colDropOff}</th>
          </tr>
        </thead>
        <tbody>
          {report.steps.map((step, i) => (
            <tr key={step.id} className={i === bottleneckIndex ? 'is-bottleneck' : undefined}>
              <th scope="row">
                <span className="step-no">{i + 1}</span>
                {localizedLabel(step.label, lang)}
              </th>
              <td className="num">{fmt.count(step.count)}</td>
              <td className="num rate">{step.rateFromPrevious === null ? dash : fmt.percent(step.rateFromPrevious)}</td>
              <td className="num muted">{step.ci === null ? dash : fmt.interval(step.ci.low, step.ci.high)}</td>
              <td className="num">{fmt.percent(step.rateFromStart)}</td>
              <td className="num">{i === 0 ? dash : fmt.count(step.dropOff)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="note">{t.intervalNote}</p>
    </div>
  );
}
