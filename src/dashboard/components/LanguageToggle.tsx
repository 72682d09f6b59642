/** 日本語 / English: each language named in itself, so anyone can find theirs. */
import { useI18n } from '../I18nProvider.tsx';
import type { Lang } from '../messages.ts';

const CHOICES: ReadonlyArray<{ lang: Lang; name: string }> = [
  { lang: 'ja', name: '日本語' },
  { lang: 'en', name: 'English' },
];

export function LanguageToggle() {
  const { lang, t, setLang } = useI18n();
  return (
    <div className="lang-toggle" role="group" aria-label={t.languageLabel}>
      {CHOICES.map((choice) => (
        <button
          key={choice.lang}
          type="button"
          lang={choice.lang}
          aria-pressed={lang === choice.lang}
          onClick={() => setLang(choice.lang)}
        >
          {choice.name}
        </button>
      ))}
    </div>
  );
}
