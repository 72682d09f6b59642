import { listen } from './listen.ts';
import { track } from './track.ts';

/** `midgoal` on the element marks the events it has sent already. */
type Tracked = HTMLVideoElement & { midgoal?: Record<string, 1> };

/**
 * HTML5 `<video>` on the page, including ones added later: `video_start` (play),
 * `video_progress` with `video_percent` 25, 50 and 75, and `video_complete`, each once per
 * element, with `video_title` (the element's title attribute) and `video_url` (without query:
 * signed media URLs carry tokens). Every mark passed is sent, also when playback jumped over it
 * (a seek, or a late timeupdate on a busy device), so "watched half" never misses a visitor at
 * 80 %. Media events do not bubble; the capture listener sees them anyway.
 */
export function trackVideos(): void {
  listen('play timeupdate ended', (event) => {
    const video = event.target as Tracked;
    if (video.tagName != 'VIDEO') return;
    const sent = (video.midgoal ||= {});
    const video_url = video.currentSrc.split('?')[0]!;
    const once = (step: string, video_percent?: number): void => {
      if (!sent[step + video_percent]) track('video_' + step, { video_title: video.title, video_url, video_percent });
      sent[step + video_percent] = 1;
    };
    if (event.type == 'play') once('start');
    // An unknown duration (NaN) passes no mark.
    for (let quarter = 1; quarter < 4 && quarter <= (video.currentTime / video.duration) * 4; quarter++) once('progress', quarter * 25);
    if (event.type == 'ended') once('complete');
  });
}
