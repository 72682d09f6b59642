/** A failed request in the operator's language: the API's own words when it gave them. */
import { ApiError, isClientErrorCode } from '../api.ts';
import { useI18n } from '../I18nProvider.tsx';

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { lang, t } = useI18n();
  const api = error instanceof ApiError ? error : null;
  const code = api?.code ?? 'http';
  const message = api?.fromServer
    ? lang === 'ja'
      ? (api.fromServer.ja ?? api.fromServer.en)
      : api.fromServer.en
    : t.clientErrors[isClientErrorCode(code) ? code : 'http'];
  return (
    <section className="panel error" role="alert" data-testid="error-state">
      <h2>{t.errorTitle}</h2>
      <p>{message}</p>
      <p className="muted small">{t.errorCode(code)}</p>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          {t.retry}
        </button>
      )}
    </section>
  );
}
