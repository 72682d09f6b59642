/**
 * The browser tracker's entry point, bundled by buildTracker.ts into the IIFE served at /t.js.
 * Nothing it does may throw into the host page.
 */
import { startTracker } from './startTracker.ts';

try {
  startTracker(window);
} catch {
  // A page we cannot read (no script tag, odd globals): track nothing, break nothing.
}
