/** A command or snippet to paste, with a copy button (clipboard needs https or localhost). */
import { useState } from 'react';
import { useI18n } from '../I18nProvider.tsx';

export function CodeBlock({ code }: { code: string }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  const canCopy = typeof navigator.clipboard?.writeText === 'function';
  const copy = (): void => {
    navigator.clipboard.writeText(code).then(
      () => {
        setCopied(true);
        setTimeout(() => setCopied(false), 1500);
      },
      () => setCopied(false),
    );
  };
  return (
    <div className="code">
      <pre>
        <code>{code}</code>
      </pre>
      {canCopy && (
        <button type="button" className="copy" onClick={copy}>
          {copied ? t.copied : t.copy}
        </button>
      )}
    </div>
  );
}
