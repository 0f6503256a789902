import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AppError, ERRORS, type ErrorCode, toErrorBody } from '../src/errors.js';

describe('error table', () => {
  const readme = readFileSync('README.md', 'utf8');

  it.each(Object.entries(ERRORS))(
    '%s is documented in the README with its HTTP status and retry policy',
    (code, e) => {
      const row = readme.split('\n').find((line) => line.startsWith(`| \`${code}\` |`));
      expect(row, `README error table lacks ${code}`).toBeDefined();
      const cells = (row as string).split('|').map((c) => c.trim());
      expect(cells[2]).toBe(String(e.httpStatus));
      expect(cells[3]).toBe(e.retryable ? 'yes' : 'no');
    },
  );

  it('documents no code that does not exist', () => {
    const documented = [...readme.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual(Object.keys(ERRORS).sort());
  });

  it('never leaks an unexpected error to clients', () => {
    expect(toErrorBody(new TypeError('secret stack'))).toEqual({
      code: 'INTERNAL',
      message: 'Internal error',
    });
    const err = new AppError('TOPOLOGY_NOT_FOUND' as ErrorCode, 'no topology X', {
      details: { topology: 'X' },
    });
    expect(toErrorBody(err)).toEqual({
      code: 'TOPOLOGY_NOT_FOUND',
      message: 'no topology X',
      details: { topology: 'X' },
    });
  });
});
