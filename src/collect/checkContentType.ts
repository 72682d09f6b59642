import { collectError, type CollectError } from './collectError.ts';

/**
 * JSON from fetch/servers, or text/plain from navigator.sendBeacon (a "simple" request, so the
 * browser sends no CORS preflight). Anything else, or a charset other than UTF-8, is a 415.
 */
export function checkContentType(header: string | undefined): CollectError | null {
  if (!header) return collectError('unsupported_media_type', 'no Content-Type header was sent');
  const [mediaType = '', ...params] = header.split(';');
  const type = mediaType.trim().toLowerCase();
  if (type !== 'application/json' && type !== 'text/plain') {
    return collectError('unsupported_media_type', `received Content-Type ${type || '(empty)'}`);
  }
  for (const param of params) {
    const [key = '', value = ''] = param.split('=');
    if (key.trim().toLowerCase() !== 'charset') continue;
    const charset = value.trim().replace(/^"|"$/g, '').toLowerCase();
    if (charset !== 'utf-8' && charset !== 'utf8') {
      return collectError('unsupported_media_type', `received charset ${charset}`);
    }
  }
  return null;
}
