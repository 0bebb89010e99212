import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getProjectMatcher, toProjectPath } from '../../config/project-paths.js';
import { resolveConfig } from '../../config/resolve.js';
import { domainProjectConfig, inDomainProject } from '../helpers/domain-project.js';

const root = path.resolve('/project');
const at = (file: string) => path.join(root, file);

function matcherFor(raw: Record<string, unknown>) {
  return getProjectMatcher(resolveConfig({ layers: { src: { paths: ['**'] } }, ...raw }, { cwd: root }));
}

describe('toProjectPath', () => {
  it('gives a forward-slash path inside the root and undefined outside it', () => {
    expect(toProjectPath(root, at('src/a/b.ts'))).toBe('src/a/b.ts');
    expect(toProjectPath(root, path.resolve('/elsewhere/b.ts'))).toBeUndefined();
    expect(toProjectPath(root, root)).toBeUndefined();
  });
});

describe('ProjectMatcher domains', () => {
  const matcher = matcherFor({ domains: ['src/domains/*'] });

  it('names the domain by the * segment and gives its folder', () => {
    expect(matcher.domainOf(at('src/domains/policies/engines/threshold.ts'))).toBe('policies');
    expect(matcher.domainRootOf(at('src/domains/policies/engines/threshold.ts'))).toBe('src/domains/policies');
    expect(matcher.domainRootOf(at('src/domains/policies/index.ts'))).toBe('src/domains/policies');
  });

  it('gives neither for files outside every domain or outside the root', () => {
    for (const file of [at('src/spine/app.ts'), at('src/domains.ts'), path.resolve('/elsewhere/src/domains/a/x.ts')]) {
      expect(matcher.domainOf(file)).toBeUndefined();
      expect(matcher.domainRootOf(file)).toBeUndefined();
    }
  });

  it('uses the first matching domain glob', () => {
    const two = matcherFor({ domains: ['src/modules/*', 'packages/*/src'] });
    expect(two.domainOf(at('src/modules/billing/public/api.ts'))).toBe('billing');
    expect(two.domainRootOf(at('src/modules/billing/public/api.ts'))).toBe('src/modules/billing');
    expect(two.domainOf(at('packages/shop/src/cart.ts'))).toBe('shop');
    expect(two.domainRootOf(at('packages/shop/src/cart.ts'))).toBe('packages/shop/src');
    expect(two.domainOf(at('packages/shop/test/cart.test.ts'))).toBeUndefined();
  });

  it('reads domains from the domain-project fixture config', () => {
    const fixture = getProjectMatcher(domainProjectConfig());
    expect(fixture.domainOf(inDomainProject('src/modules/accounts/internal/account-store.ts'))).toBe('accounts');
    expect(fixture.domainRootOf(inDomainProject('src/modules/accounts/internal/account-store.ts'))).toBe('src/modules/accounts');
    expect(fixture.domainRootOf(inDomainProject('src/shared/money.ts'))).toBeUndefined();
  });
});

describe('ProjectMatcher barrels', () => {
  it('matches the default barrels glob **/index.ts anywhere', () => {
    const matcher = matcherFor({});
    expect(matcher.isBarrel(at('index.ts'))).toBe(true);
    expect(matcher.isBarrel(at('src/domains/policies/index.ts'))).toBe(true);
    expect(matcher.isBarrel(at('src/domains/policies/index.tsx'))).toBe(false);
    expect(matcher.isBarrel(at('src/domains/policies/reindex.ts'))).toBe(false);
    expect(matcher.isBarrel(path.resolve('/elsewhere/index.ts'))).toBe(false);
  });

  it('matches only the configured globs, and nothing when there are none', () => {
    const some = matcherFor({ barrels: ['runtime/index.ts', 'src/**/public.ts'] });
    expect(some.isBarrel(at('runtime/index.ts'))).toBe(true);
    expect(some.isBarrel(at('src/a/b/public.ts'))).toBe(true);
    expect(some.isBarrel(at('rules/index.ts'))).toBe(false);
    expect(matcherFor({ barrels: [] }).isBarrel(at('index.ts'))).toBe(false);
  });
});

describe('ProjectMatcher and unusual file names', () => {
  it('judges a file whose name holds a line break by its folder, like any other file', () => {
    const matcher = matcherFor({
      layers: { engines: { paths: ['src/engines/**'] }, api: { paths: ['src/api/*.ts'] } },
      include: ['src/**/*.ts'],
      bannedFiles: [{ pattern: '*_service.ts' }],
    });
    for (const name of ['a\nb.ts', 'a\rb.ts', 'a\u2028b.ts']) {
      expect(matcher.layerOf(at(`src/engines/${name}`))?.name).toBe('engines');
      expect(matcher.layerOf(at(`src/api/${name}`))?.name).toBe('api');
      expect(matcher.isSource(at(`src/engines/${name}`))).toBe(true);
    }
    expect(matcher.bannedEntryFor(at('src/api/x\n_service.ts'))?.pattern).toBe('*_service.ts');
    expect(matcher.bannedEntryFor(at('src/api/x\nservice.ts'))).toBeUndefined();
  });
});
