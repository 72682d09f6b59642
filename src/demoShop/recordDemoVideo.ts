/**
 * Makes the demo shop's product video, src/demoShop/pages/media/towel.webm (committed, 7 KB; run
 * this only to change it): `npx tsx src/demoShop/recordDemoVideo.ts`. Chromium draws two seconds
 * of an animated canvas and records them with MediaRecorder (VP8 in WebM). The tracker's progress
 * events need a known duration, which older Chromium versions did not write into such files, so
 * the recording is played back once and refused unless its duration is finite.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const OUT = fileURLToPath(new URL('./pages/media/towel.webm', import.meta.url));
const DURATION_MS = 2000;

// Strings, not functions: tsx wraps named inner functions in a helper the page does not have.
const RECORD = `(async (ms) => {
  const canvas = document.createElement('canvas');
  canvas.width = 160;
  canvas.height = 90;
  const g = canvas.getContext('2d');
  const recorder = new MediaRecorder(canvas.captureStream(15), { mimeType: 'video/webm;codecs=vp8', videoBitsPerSecond: 60000 });
  const chunks = [];
  recorder.ondataavailable = (e) => chunks.push(e.data);
  const started = performance.now();
  const draw = () => {
    const t = Math.min(1, (performance.now() - started) / ms);
    g.fillStyle = 'hsl(' + (190 + t * 60) + ', 55%, ' + (35 + t * 25) + '%)';
    g.fillRect(0, 0, 160, 90);
    g.fillStyle = '#fff';
    g.fillRect(10 + t * 110, 55, 40, 20);
    g.font = 'bold 14px sans-serif';
    g.fillText('midgoal demo', 30, 35);
    if (t < 1) requestAnimationFrame(draw);
  };
  draw();
  recorder.start();
  await new Promise((r) => setTimeout(r, ms));
  const stopped = new Promise((r) => (recorder.onstop = r));
  recorder.stop();
  await stopped;
  const bytes = new Uint8Array(await new Blob(chunks).arrayBuffer());
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
})(${DURATION_MS})`;

const DURATION_OF = (base64: string): string => `(async () => {
  const v = document.createElement('video');
  v.muted = true;
  v.src = 'data:video/webm;base64,${base64}';
  await new Promise((r, j) => { v.onloadedmetadata = r; v.onerror = j; });
  return v.duration;
})()`;

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage();
  const base64 = await page.evaluate<string>(RECORD);
  const duration = await page.evaluate<number>(DURATION_OF(base64));
  if (!Number.isFinite(duration)) throw new Error(`this Chromium wrote no duration (${duration}); the tracker could not report progress`);
  const webm = Buffer.from(base64, 'base64');
  writeFileSync(OUT, webm);
  console.log(`wrote ${OUT} (${webm.length} bytes, ${duration.toFixed(2)} s)`);
} finally {
  await browser.close();
}
