#!/usr/bin/env node
/**
 * Rewrites the tests' relative imports of project code (`'../../src/engine/clock.js'`) to the
 * test aliases (`'#src/engine/clock.js'`; see vitest.config.ts and tsconfig.json `paths`).
 * Built code (src, simulator, contracts, fixtures) keeps relative imports: tsc does not rewrite
 * paths, and the lint forbids aliases there.
 *
 *   node scripts/alias-imports.mjs           list what would change
 *   node scripts/alias-imports.mjs --write   rewrite the files
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// Longest folder first, so test/helpers wins over a shorter prefix.
const ALIASES = [
  ['test/helpers', '#helpers'],
  ['simulator', '#simulator'],
  ['contracts', '#contracts'],
  ['fixtures', '#fixtures'],
  ['src', '#src'],
];
const write = process.argv.includes('--write');

function* testFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* testFiles(path);
    else if (/\.(ts|mts)$/.test(entry.name)) yield path;
  }
}

/** The alias form of one specifier, or undefined when it stays as it is. */
function aliased(file, specifier) {
  if (!specifier.startsWith('.')) return undefined;
  const target = relative(ROOT, resolve(dirname(file), specifier))
    .split(sep)
    .join('/');
  for (const [folder, alias] of ALIASES) {
    if (target.startsWith(`${folder}/`)) {
      // A helper importing its own sibling stays relative.
      if (relative(ROOT, dirname(file)).split(sep).join('/') === folder) return undefined;
      return `${alias}/${target.slice(folder.length + 1)}`;
    }
  }
  return undefined;
}

// import … from '…' / export … from '…' / import('…') / vi.mock('…')
const SPECIFIER = /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|vi\.mock\(\s*)(['"])(\.{1,2}\/[^'"]+)\2/g;

let files = 0;
let imports = 0;
for (const file of testFiles(join(ROOT, 'test'))) {
  // The lint tests hold imports as text, written from the place they probe, not from the test.
  if (file.includes(`${sep}test${sep}lint${sep}`)) continue;
  const before = readFileSync(file, 'utf8');
  let count = 0;
  const after = before.replace(SPECIFIER, (whole, lead, quote, specifier) => {
    const next = aliased(file, specifier);
    if (!next) return whole;
    count++;
    return `${lead}${quote}${next}${quote}`;
  });
  if (count === 0) continue;
  files++;
  imports += count;
  console.log(`${relative(ROOT, file)}: ${count}`);
  if (write) writeFileSync(file, after);
}
console.log(`${write ? 'rewrote' : 'would rewrite'} ${imports} imports in ${files} files`);
