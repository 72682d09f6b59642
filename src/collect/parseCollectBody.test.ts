import { describe, expect, it } from 'vitest';
import { checkContentType } from './checkContentType.ts';
import { parseCollectBody } from './parseCollectBody.ts';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('parseCollectBody', () => {
  it('wraps a single object into a list', () => {
    expect(parseCollectBody(bytes('{"site":"a","name":"x"}'))).toEqual({ ok: true, items: [{ site: 'a', name: 'x' }] });
  });
  it('passes an array through, items unchecked', () => {
    expect(parseCollectBody(bytes('[1, {"a": 2}]'))).toEqual({ ok: true, items: [1, { a: 2 }] });
  });
  it.each([
    ['{"site":', 'malformed_json', 400],
    ['', 'malformed_json', 400],
    ['[]', 'empty_batch', 400],
    ['"page_view"', 'invalid_body', 400],
    ['null', 'invalid_body', 400],
    [JSON.stringify(Array.from({ length: 501 }, () => ({}))), 'batch_too_large', 413],
  ])('%s → %s', (text, code, status) => {
    const r = parseCollectBody(bytes(text));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.body.error.code).toBe(code);
      expect(r.error.status).toBe(status);
    }
  });
  it('refuses invalid UTF-8 instead of replacing bytes', () => {
    const r = parseCollectBody(new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x7d])); // {"\xff"}
    expect(r.ok ? null : r.error.body.error.code).toBe('invalid_utf8');
  });
  it('accepts exactly 500 events', () => {
    const r = parseCollectBody(bytes(JSON.stringify(Array.from({ length: 500 }, () => ({})))));
    expect(r.ok ? r.items.length : 0).toBe(500);
  });
});

describe('checkContentType', () => {
  it.each([
    ['application/json', true],
    ['application/json; charset=utf-8', true],
    ['text/plain;charset=UTF-8', true],
    ['Text/Plain', true],
    ['application/x-www-form-urlencoded', false],
    ['text/plain; charset=shift_jis', false],
    [undefined, false],
  ])('%s → allowed %s', (header, allowed) => {
    expect(checkContentType(header) === null).toBe(allowed);
  });
});
