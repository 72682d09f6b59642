/**
 * The chosen language, its strings and formatters for every component, and the switch between
 * them. The choice is remembered in localStorage and mirrored to <html lang> (fonts, screen readers).
 */
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { createFormatters, type Formatters } from './format.ts';
import { detectLanguage, LANGUAGE_STORAGE_KEY } from './language.ts';
import { messages, type Lang, type Messages } from './messages.ts';

export interface I18n {
  lang: Lang;
  t: Messages;
  fmt: Formatters;
  setLang: (lang: Lang) => void;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLang] = useState<Lang>(() => detectLanguage(readSaved(), navigator.languages ?? [navigator.language]));

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  const value = useMemo<I18n>(() => {
    // Only an explicit choice is remembered; until then the browser's language keeps deciding.
    const choose = (next: Lang): void => {
      setLang(next);
      save(next);
    };
    return { lang, t: messages[lang], fmt: createFormatters(lang), setLang: choose };
  }, [lang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n must be used inside <I18nProvider>');
  return value;
}

function readSaved(): string | null {
  try {
    return localStorage.getItem(LANGUAGE_STORAGE_KEY);
  } catch {
    return null;
  }
}

function save(lang: Lang): void {
  try {
    localStorage.setItem(LANGUAGE_STORAGE_KEY, lang);
  } catch {
    // Storage can be disabled (private mode, policies); the toggle still works for this visit.
  }
}
