/** Shown while the store has no events at all: how to send the first one, or load the demo shop. */
import { trackingSnippet } from '../../cli/trackingSnippet.ts';
import { useI18n } from '../I18nProvider.tsx';
import { CodeBlock } from './CodeBlock.tsx';

export function EmptyState({ serverUrl, site }: { serverUrl: string; site: string }) {
  const { t } = useI18n();
  const event = JSON.stringify({ site, name: 'page_view', url: 'https://shop.example/', visitor: 'visitor-123' });
  const curl = [
    `curl -X POST ${serverUrl}/api/collect \\`,
    `  -H 'Content-Type: application/json' \\`,
    `  -d '${event}'`,
  ].join('\n');
  return (
    <section className="panel empty" data-testid="empty-state">
      <h2>{t.emptyTitle}</h2>
      <p>{t.emptyIntro}</p>
      <h3>{t.emptyCurlTitle}</h3>
      <CodeBlock code={curl} />
      <h3>{t.emptyTagTitle}</h3>
      <CodeBlock code={trackingSnippet(serverUrl, site)} />
      <h3>{t.emptyDemoTitle}</h3>
      <CodeBlock code="npx midgoal demo" />
      <p className="note">{t.emptyDemoNote}</p>
    </section>
  );
}
