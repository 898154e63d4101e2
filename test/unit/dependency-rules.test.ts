// The layers' one-way rule, read from the imports themselves: domain ← app ← adapters / web ←
// functions. A rule broken here is a design change to discuss, not a line to add to a list.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

function sources(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => join(folder, file));
}

/** Every module a file imports (static, dynamic, type-only), as a project path or a package name. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const specifiers = [...text.matchAll(/(?:^|\s)(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^import\s+['"]([^'"]+)['"]/gm)].map(
    (match) => (match[1] ?? match[2] ?? match[3])!,
  );
  return specifiers.map((specifier) => (specifier.startsWith('.') ? relative(ROOT, normalize(join(ROOT, dirname(file), specifier))) : specifier));
}

function violations(folder: string, forbidden: (target: string) => boolean): string[] {
  return sources(folder).flatMap((file) => importsOf(file).filter(forbidden).map((target) => `${file} imports ${target}`));
}

describe('dependency rules', () => {
  it('lib/domain imports only lib/domain (and no package at all)', () => {
    expect(violations('lib/domain', (target) => !target.startsWith('lib/domain/') && !target.startsWith('node:'))).toEqual([]);
  });

  it('lib/app imports nothing from lib/web, lib/adapters or the AWS SDK', () => {
    expect(violations('lib/app', (target) => target.startsWith('lib/web/') || target.startsWith('lib/adapters/') || target.startsWith('@aws-sdk/'))).toEqual([]);
  });

  it('the AWS SDK is imported only under lib/adapters', () => {
    const outside = [...sources('lib').filter((file) => !file.startsWith('lib/adapters/')), ...sources('functions')];
    const found = outside.flatMap((file) => importsOf(file).filter((target) => target.startsWith('@aws-sdk/')).map((target) => `${file} imports ${target}`));
    expect(found).toEqual([]);
  });

  it('reads the imports it checks (a rule on no import at all would pass vacuously)', () => {
    expect(importsOf('lib/app/consents.ts')).toContain('lib/domain/eligibility.ts');
    expect(importsOf('lib/adapters/dynamo/consent-store.ts')).toContain('@aws-sdk/lib-dynamodb');
  });
});
