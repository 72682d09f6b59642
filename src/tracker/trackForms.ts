import { listen } from './listen.ts';
import { track } from './track.ts';

/** `midgoal` on the form marks that it has sent form_start. */
type Tracked = HTMLFormElement & { midgoal?: 1 };

/**
 * `form_start` (first input in a form) and `form_submit`, with the form's id and name attributes
 * only: field names and values never leave the page. getAttribute, because `form.id` is shadowed
 * by a field named "id".
 */
export function trackForms(): void {
  listen('input submit', (event) => {
    const target = event.target as HTMLInputElement & Tracked;
    const submit = event.type == 'submit';
    const form: Tracked | null = submit ? target : target.form;
    if (!form || (!submit && form.midgoal)) return;
    form.midgoal = 1;
    track(submit ? 'form_submit' : 'form_start', { form_id: form.getAttribute('id'), form_name: form.getAttribute('name') });
  });
}
