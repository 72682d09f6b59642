/**
 * The dashboard: pick a site, funnel and dates; read the bottleneck, the chart and the table.
 * The choice is kept in the address so a report can be bookmarked or shared.
 */
import { useEffect, useState } from 'react';
import { fetchFunnel, fetchHealth, fetchSites, type DateRange } from './api.ts';
import { isValidRange, lastDays } from './dateRange.ts';
import { findBottleneck } from './findBottleneck.ts';
import { useI18n } from './I18nProvider.tsx';
import { formatUrlState, parseUrlState, type UrlState } from './urlState.ts';
import { useRequest } from './useRequest.ts';
import { EmptyState } from './components/EmptyState.tsx';
import { ErrorState } from './components/ErrorState.tsx';
import { FunnelChart } from './components/FunnelChart.tsx';
import { FunnelTable } from './components/FunnelTable.tsx';
import { LanguageToggle } from './components/LanguageToggle.tsx';
import { ReportControls } from './components/ReportControls.tsx';
import { SummaryCards } from './components/SummaryCards.tsx';

/** The default date range: the last 28 days (four whole weeks) up to today. */
const DEFAULT_DAYS = 28;

export function App() {
  const { t, fmt } = useI18n();
  const [choice, setChoice] = useState<UrlState>(() => parseUrlState(location.search));
  const [attempt, setAttempt] = useState(0);
  const retry = (): void => setAttempt((n) => n + 1);

  useEffect(() => {
    history.replaceState(null, '', `${location.pathname}${formatUrlState(choice)}`);
  }, [choice]);

  const sites = useRequest(`sites#${attempt}`, fetchSites);
  const health = useRequest(`health#${attempt}`, fetchHealth);

  const siteList = sites.status === 'ready' ? sites.data : [];
  const site = siteList.find((s) => s.id === choice.site) ?? siteList[0];
  const funnel = site?.funnels.find((f) => f.id === choice.funnel) ?? site?.funnels[0];
  const range: DateRange =
    choice.from && choice.to ? { from: choice.from, to: choice.to } : lastDays(DEFAULT_DAYS, site?.timezone ?? 'UTC', new Date());
  const rangeOk = isValidRange(range);
  const reportKey =
    site && funnel && rangeOk ? [site.id, funnel.id, range.from, range.to, attempt].join('|') : null;
  const report = useRequest(reportKey, (signal) =>
    site && funnel ? fetchFunnel(site.id, funnel.id, range, signal) : Promise.reject(new Error('no funnel')),
  );

  const noEvents = health.status === 'ready' && health.data.events === 0;
  const shown = report.status === 'ready' ? report.data : report.status === 'loading' ? report.previous : null;
  const bottleneck = shown ? findBottleneck(shown.steps) : null;

  return (
    <div className="app">
      <header className="top">
        <div className="brand">
          <span className="logo" aria-hidden="true" />
          <span className="name">midgoal</span>
          <span className="tagline">{t.tagline}</span>
        </div>
        <LanguageToggle />
      </header>

      <main>
        {sites.status === 'error' && <ErrorState error={sites.error} onRetry={retry} />}
        {(sites.status === 'loading' || sites.status === 'idle') && <p className="muted">{t.loading}</p>}
        {sites.status === 'ready' && !site && <p className="panel notice">{t.noSites}</p>}

        {site && (
          <ReportControls
            sites={siteList}
            site={site}
            funnel={funnel}
            range={range}
            onSite={(id) => setChoice((c) => ({ ...c, site: id, funnel: undefined }))}
            onFunnel={(id) => setChoice((c) => ({ ...c, site: site.id, funnel: id }))}
            onRange={(r) => setChoice((c) => ({ ...c, from: r.from, to: r.to }))}
          />
        )}
        {site && !funnel && <p className="panel notice">{t.noFunnels}</p>}
        {site && !rangeOk && <p className="panel notice" role="alert">{t.invalidRange}</p>}

        {site && noEvents && <EmptyState serverUrl={location.origin} site={site.id} />}

        {!noEvents && report.status === 'error' && <ErrorState error={report.error} onRetry={retry} />}
        {!noEvents && report.status === 'loading' && !shown && <p className="muted">{t.loading}</p>}
        {!noEvents && shown && (
          <div className={report.status === 'loading' ? 'report is-loading' : 'report'} aria-busy={report.status === 'loading'}>
            <SummaryCards report={shown} bottleneck={bottleneck} />
            {shown.steps[0]?.count === 0 && (
              <p className="panel notice">{t.noDataInRange(range.from, range.to)}</p>
            )}
            <section className="panel">
              <h2>{t.chartTitle}</h2>
              <FunnelChart report={shown} bottleneckIndex={bottleneck?.index ?? null} />
            </section>
            <section className="panel">
              <h2>{t.tableTitle}</h2>
              <FunnelTable report={shown} bottleneckIndex={bottleneck?.index ?? null} />
            </section>
          </div>
        )}
      </main>

      {health.status === 'ready' && (
        <footer className="muted small">{t.eventsStored(fmt.count(health.data.events))}</footer>
      )}
    </div>
  );
}
