import { describe, expect, it } from 'vitest';
import { isMissingPackage, MissingPeerError, requireOptionalPeer } from '../../core/optional-peer.js';

/** Throws as Node's require does when a package is not installed. */
function notFound(name: string): never {
  throw Object.assign(new Error(`Cannot find module '${name}'\nRequire stack:\n- /app/x.js`), { code: 'MODULE_NOT_FOUND' });
}

describe('requireOptionalPeer', () => {
  it('returns the package when it loads', () => {
    const driver = { Client: class {} };
    expect(requireOptionalPeer('pg', 'the data gates', () => driver)).toBe(driver);
  });

  it('names the missing package and the install command', () => {
    const load = () => requireOptionalPeer('better-sqlite3', 'reading the SQLite database sqlite:app.db', notFound);
    expect(load).toThrow(MissingPeerError);
    expect(load).toThrow(
      'reading the SQLite database sqlite:app.db needs better-sqlite3, not installed: npm install --save-dev better-sqlite3',
    );
  });

  it('rethrows a package that is there but fails to load, and a missing package of its own', () => {
    const broken = new Error('Could not locate the bindings file');
    expect(() =>
      requireOptionalPeer('better-sqlite3', 'x', () => {
        throw broken;
      }),
    ).toThrow(broken);
    expect(() => requireOptionalPeer('pg', 'x', () => notFound('pg-types'))).toThrow(/Cannot find module 'pg-types'/);
    expect(() => requireOptionalPeer('pg', 'x', () => notFound('pg-types'))).not.toThrow(MissingPeerError);
  });

  it('tells a missing package apart with the default loader, by Node itself', () => {
    expect(() => requireOptionalPeer('plumbline-no-such-package', 'the test')).toThrow(MissingPeerError);
    expect((requireOptionalPeer('yaml', 'the test') as { parse: unknown }).parse).toBeTypeOf('function');
  });

  it('recognises the ESM loader error too', () => {
    const error = Object.assign(new Error("Cannot find package 'fast-check' imported from /app/x.js"), { code: 'ERR_MODULE_NOT_FOUND' });
    expect(isMissingPackage(error, 'fast-check')).toBe(true);
    expect(isMissingPackage(error, 'fast')).toBe(false);
  });
});
