import type { Track } from './types.ts';

/**
 * The one `track` every collector calls. It does nothing until startTracker installs the real one
 * (and stays a no-op when the visitor refuses tracking). A shared binding instead of a parameter
 * passed to each module keeps the script small.
 */
export let track: Track = () => {};

export function setTrack(next: Track): void {
  track = next;
}
