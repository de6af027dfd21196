// syntaxes/bootc-toml.tmLanguage.json: every regex compiles as a JS RegExp, and the real TextMate engine
// (vscode-textmate + Oniguruma, as in VS Code) gives the expected scopes on bootc drop-ins and general TOML.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
// Both are CommonJS; default imports get the whole module object under tsx.
import oniguruma from 'vscode-oniguruma';
import textmate from 'vscode-textmate';

const root = process.env.BOOTABLE_ROOT ?? join(import.meta.dirname, '../..');
const grammarPath = join(root, 'syntaxes/bootc-toml.tmLanguage.json');
const fixtures = join(root, 'test/fixtures/server');

function regexSources(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const n of node) regexSources(n, out);
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if ((key === 'match' || key === 'begin' || key === 'end') && typeof value === 'string') out.push(value);
      else regexSources(value, out);
    }
  }
  return out;
}

test('grammar: JSON parses, has the bootc scope name, and every regex compiles as a JS RegExp', () => {
  const grammar = JSON.parse(readFileSync(grammarPath, 'utf8'));
  assert.equal(grammar.scopeName, 'source.toml.bootc');
  const sources = regexSources(grammar);
  assert.ok(sources.length > 25, `expected many patterns, found ${sources.length}`);
  for (const source of sources) assert.doesNotThrow(() => new RegExp(source), `pattern does not compile: ${source}`);
  const repository = Object.keys(grammar.repository);
  for (const name of ['comment', 'table', 'table-array', 'key-value', 'key-parts', 'string', 'number', 'datetime', 'boolean', 'array', 'inline-table']) {
    assert.ok(repository.includes(name), `repository has ${name}`);
  }
});

interface Token { text: string; scopes: string[] }

let loaded: Promise<textmate.IGrammar> | undefined;
/** Oniguruma's WASM can be loaded once per process, so the grammar is shared by the tests. */
function loadGrammar(): Promise<textmate.IGrammar> {
  loaded ??= loadGrammarOnce();
  return loaded;
}

async function loadGrammarOnce(): Promise<textmate.IGrammar> {
  const require = createRequire(import.meta.url);
  const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scopeName) => scopeName === 'source.toml.bootc'
      ? textmate.parseRawGrammar(readFileSync(grammarPath, 'utf8'), grammarPath)
      : null,
  });
  const grammar = await registry.loadGrammar('source.toml.bootc');
  assert.ok(grammar, 'grammar loads');
  return grammar;
}

function tokenize(grammar: textmate.IGrammar, text: string): Token[][] {
  let state = textmate.INITIAL;
  return text.split('\n').map((line) => {
    const result = grammar.tokenizeLine(line, state);
    state = result.ruleStack;
    return result.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
  });
}

/** The scopes of the first token on `line` whose text is exactly `text`. */
function scopesOf(lines: Token[][], line: number, text: string): string[] {
  const token = lines[line].find((t) => t.text === text);
  assert.ok(token, `line ${line}: no token "${text}" in ${JSON.stringify(lines[line].map((t) => t.text))}`);
  return token.scopes;
}

function assertScope(lines: Token[][], line: number, text: string, scope: string): void {
  const scopes = scopesOf(lines, line, text);
  assert.ok(scopes.some((s) => s.split(' ').includes(scope)),
    `line ${line} "${text}": expected ${scope}, got ${scopes.join(' | ')}`);
}

test('grammar: bootc kargs.d drop-in', async () => {
  const grammar = await loadGrammar();
  const lines = tokenize(grammar, readFileSync(join(fixtures, 'grammar/kargs.toml'), 'utf8'));
  // # Console on the serial port
  assertScope(lines, 0, '#', 'punctuation.definition.comment.toml');
  assertScope(lines, 0, ' Console on the serial port', 'comment.line.number-sign.toml');
  // kargs = ["console=ttyS0,115200n8", 'quiet']
  assertScope(lines, 1, 'kargs', 'keyword.other.key.bootc.toml');
  assertScope(lines, 1, '=', 'punctuation.separator.key-value.toml');
  assertScope(lines, 1, '[', 'punctuation.definition.array.begin.toml');
  assertScope(lines, 1, 'console=ttyS0,115200n8', 'string.quoted.double.basic.line.toml');
  assertScope(lines, 1, 'quiet', 'string.quoted.single.literal.line.toml');
  // match-architectures = ["x86_64", "aarch64"]
  assertScope(lines, 2, 'match-architectures', 'keyword.other.key.bootc.toml');
  assertScope(lines, 2, 'x86_64', 'string.quoted.double.basic.line.toml');
});

test('grammar: bootc install drop-in (tables, bootc table names, generic keys stay generic)', async () => {
  const grammar = await loadGrammar();
  const lines = tokenize(grammar, readFileSync(join(fixtures, 'grammar/install.toml'), 'utf8'));
  // [install.filesystem.root]
  assertScope(lines, 0, '[', 'punctuation.definition.table.toml');
  assertScope(lines, 0, 'install', 'keyword.other.table.bootc.toml');
  assertScope(lines, 0, 'filesystem', 'keyword.other.table.bootc.toml');
  assertScope(lines, 0, 'root', 'keyword.other.table.bootc.toml');
  assertScope(lines, 0, '.', 'punctuation.separator.dot.toml');
  // type = "xfs"
  assertScope(lines, 1, 'type', 'keyword.other.key.bootc.toml');
  // [install]
  assertScope(lines, 3, 'install', 'keyword.other.table.bootc.toml');
  // root-fs-type = "ext4"
  assertScope(lines, 4, 'root-fs-type', 'keyword.other.key.bootc.toml');
  // block = ["direct", "tpm2-luks"]
  assertScope(lines, 5, 'block', 'keyword.other.key.bootc.toml');
  // kargs = ["nosmt"]   # trailing comment
  assertScope(lines, 6, 'kargs', 'keyword.other.key.bootc.toml');
  assertScope(lines, 6, ' trailing comment', 'comment.line.number-sign.toml');
  // custom-key = 1  → a generic key, not a bootc keyword
  const custom = scopesOf(lines, 7, 'custom-key');
  assert.ok(custom.some((s) => s.includes('support.type.property-name.toml')));
  assert.ok(!custom.some((s) => s.includes('keyword.other')), `custom-key must not look like a bootc key: ${custom}`);
});

test('grammar: general TOML (multi-line strings, numbers, dates, booleans, inline tables, arrays of tables)', async () => {
  const grammar = await loadGrammar();
  const lines = tokenize(grammar, readFileSync(join(fixtures, 'grammar/general.toml'), 'utf8'));
  const at = (n: number) => lines[n];
  // 0: title = "TOML \"x\" \u00e9"
  assertScope(lines, 0, '\\"', 'constant.character.escape.toml');
  assertScope(lines, 0, '\\u00e9', 'constant.character.escape.toml');
  // 1: ml = """   2: line two, "quoted" inside  3: end"""
  assertScope(lines, 1, '"""', 'string.quoted.triple.basic.block.toml');
  assert.ok(at(2).every((t) => t.scopes.includes('string.quoted.triple.basic.block.toml')), 'line inside """ is string');
  assertScope(lines, 3, 'end', 'string.quoted.triple.basic.block.toml');
  // 4: lit = '''   5: C:\no\escapes   6: '''
  assert.ok(at(5).every((t) => t.scopes.includes('string.quoted.triple.literal.block.toml')), "line inside ''' is string");
  assert.ok(!at(5).some((t) => t.scopes.some((s) => s.includes('escape'))), 'no escapes in literal strings');
  // 7: int = +1_000   8: hex = 0xDEAD_beef   9: oct = 0o755  10: bin = 0b1101
  assertScope(lines, 7, '+1_000', 'constant.numeric.integer.toml');
  assertScope(lines, 8, '0xDEAD_beef', 'constant.numeric.hex.toml');
  assertScope(lines, 9, '0o755', 'constant.numeric.octal.toml');
  assertScope(lines, 10, '0b1101', 'constant.numeric.binary.toml');
  // 11: flt = -3.14e+2   12: inf = -inf
  assertScope(lines, 11, '-3.14e+2', 'constant.numeric.float.toml');
  assertScope(lines, 12, '-inf', 'constant.numeric.float.special.toml');
  // 13: yes = true   14: when = 1979-05-27T07:32:00-08:00   15: day = 1979-05-27   16: at = 07:32:00.999
  assertScope(lines, 13, 'true', 'constant.language.boolean.toml');
  assertScope(lines, 14, '1979-05-27T07:32:00-08:00', 'constant.other.datetime.toml');
  assertScope(lines, 15, '1979-05-27', 'constant.other.datetime.toml');
  assertScope(lines, 16, '07:32:00.999', 'constant.other.time.toml');
  // 17: point = { x = 1, "y z" = 2 }
  assertScope(lines, 17, '{', 'punctuation.definition.inline-table.begin.toml');
  assertScope(lines, 17, 'x', 'support.type.property-name.toml');
  assertScope(lines, 17, '"y z"', 'string.quoted.double.key.toml');
  assertScope(lines, 17, '2', 'constant.numeric.integer.toml');
  // 18: nested = [ [1, 2], ["a"], ]
  assertScope(lines, 18, 'a', 'string.quoted.double.basic.line.toml');
  assert.ok(scopesOf(lines, 18, '1').includes('meta.array.toml'), 'nested array element is inside meta.array');
  // 19: multi = [   20: 1,   21: 2, # inside an array   22: ]
  assertScope(lines, 20, '1', 'constant.numeric.integer.toml');
  assertScope(lines, 21, ' inside an array', 'comment.line.number-sign.toml');
  assertScope(lines, 22, ']', 'punctuation.definition.array.end.toml');
  // 23: [[products]]   24: name = "Hammer"   25: [a."b.c".d]
  assertScope(lines, 23, '[[', 'punctuation.definition.array.table.toml');
  assertScope(lines, 23, 'products', 'entity.name.section.table.toml');
  assertScope(lines, 25, '"b.c"', 'string.quoted.double.key.toml');
  // 26: site."google.com" = true   (dotted key with a quoted part)
  assertScope(lines, 26, 'site', 'support.type.property-name.toml');
  assertScope(lines, 26, '"google.com"', 'string.quoted.double.key.toml');
  assertScope(lines, 26, 'true', 'constant.language.boolean.toml');
  // 27: a bare word with no value → invalid
  assertScope(lines, 27, 'oops', 'invalid.illegal.toml');
});
