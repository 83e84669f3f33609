// What counts as a model URL, how one is shown, and how header lines are read.
import { describe, expect, test } from 'vitest';
import { looksLikeUrl, parseModelUrl } from '../../src/readers/http/url.js';
import { ErrorCode, KerascopeError, withoutCredentials } from '../../src/errors.js';
import { parseHeaderLines } from '../../src/readers/http/settings.js';

describe('model URLs', () => {
  test.each([
    ['https://hub.example/m/model.h5', true],
    ['http://127.0.0.1:8080/x.keras', true],
    ['ftp://host/x.h5', true], // a URL, refused when parsed
    ['models/model.h5', false],
    ['C:\\models\\model.h5', false],
    ['./http://x', false],
  ])('%s is meant as a URL: %s', (arg, yes) => expect(looksLikeUrl(arg)).toBe(yes));

  test.each([
    ['http://', 'E_BAD_URL', 'not a valid URL'],
    ['ftp://host/x.h5', 'E_BAD_URL', 'ftp: URLs are not supported'],
    ['file:///etc/passwd', 'E_BAD_URL', 'file: URLs are not supported'],
    ['https://u:secret@[::1/x', 'E_BAD_URL', 'not a valid URL'],
  ])('%s: %s', (arg, code, words) => {
    let error: { code?: string; message?: string; file?: string } = {};
    try {
      parseModelUrl(arg);
    } catch (e) {
      error = e as typeof error;
    }
    expect(error.code).toBe(code);
    expect(error.message).toContain(words);
    expect(`${error.message} ${error.file}`).not.toContain('secret');
  });

  test('credentials are never shown', () => {
    expect(withoutCredentials('https://ann:pw@hub.example/m.h5?x=1')).toBe('https://***@hub.example/m.h5?x=1');
    expect(withoutCredentials('https://token@hub.example/m.h5')).toBe('https://***@hub.example/m.h5');
    expect(withoutCredentials('https://hub.example/a@b.h5')).toBe('https://hub.example/a@b.h5');
  });

  test('no error line shows them, whoever built the error (convert names its raw argument)', () => {
    const e = new KerascopeError(ErrorCode.Io, 'cannot write beside https://ann:pw2@hub.example/x.h5', 'https://ann:secret@hub.example/m.h5');
    expect(e.oneLine()).toBe('https://***@hub.example/m.h5: cannot write beside https://***@hub.example/x.h5 [E_IO]');
  });

  test('a megabyte of letters (a hostile shard path in a message) is passed through, and a URL inside it still redacted', () => {
    const letters = 'A'.repeat(1 << 20);
    expect(withoutCredentials(letters)).toBe(letters);
    expect(withoutCredentials(`${letters} https://u:p@h/m ${letters}`)).toBe(`${letters} https://***@h/m ${letters}`);
  });
});

describe('header lines', () => {
  test('"Name: value", names lower-cased, blank lines skipped, values kept whole', () => {
    expect(parseHeaderLines(['Authorization: Bearer a:b', '', '  X-Api-Key :  k  '], '--header')).toEqual({ authorization: 'Bearer a:b', 'x-api-key': 'k' });
  });

  test.each(['no colon here', ': s3cret', 'Bad Name: v'])('%j is a usage error that does not quote the line', (line) => {
    expect(() => parseHeaderLines([line], '--header')).toThrow(expect.objectContaining({ code: 'E_USAGE', message: expect.not.stringContaining(line) }));
  });
});
