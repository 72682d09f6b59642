import { siteSchema } from '../schema/config.ts';
import type { Site } from '../schema/config.ts';

/** The built-in demo shop (`demo: true`, the default): `midgoal demo` fills it with sample events. */
export const DEMO_SITE: Site = siteSchema.parse({
  id: 'demo',
  name: 'Demo Shop / デモショップ',
  timezone: 'Asia/Tokyo',
  currency: 'JPY',
});
