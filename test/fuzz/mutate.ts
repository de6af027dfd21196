// Deterministic mutations of real Containerfiles for the fuzz tests: each document is derived from a corpus
// file by 1–3 mutators chosen by a seeded PRNG, so a failure names a reproducible (seed, index).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** mulberry32: tiny, fast, good enough to pick mutations. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const int = (rand: Rand, n: number) => Math.floor(rand() * n);
const pick = <T>(rand: Rand, items: readonly T[]): T => items[int(rand, items.length)];

/** Containerfiles of the corpus (test/fixtures/corpus), in a stable order. Fails loudly when absent. */
export function loadCorpus(root: string): { name: string; text: string }[] {
  const dir = join(root, 'test/fixtures/corpus');
  const files = readdirSync(dir).sort()
    .filter((name) => !/\.(toml|md|json|ya?ml)$/i.test(name) && statSync(join(dir, name)).isFile())
    .map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') }));
  if (files.length < 10) throw new Error(`expected the Containerfile corpus in ${dir}, found ${files.length} files`);
  return files;
}

const noise = ['\0', '\x07', '\x1b[31m', '\uFFFD', '\uD800', '\uDC00', '😀', '\u200B', '\r', '\\', '`', '$', '${', '"', "'", '#', '\t', '\v', '\f', '<<', '--', '=', '[', ']', '{', '}'];
const instructions = ['FROM', 'RUN', 'COPY', 'ADD', 'ENV', 'ARG', 'LABEL', 'USER', 'WORKDIR', 'EXPOSE', 'CMD', 'ENTRYPOINT', 'VOLUME', 'HEALTHCHECK', 'ONBUILD', 'SHELL', 'STOPSIGNAL', 'MAINTAINER'];

export interface Mutator { name: string; apply(text: string, rand: Rand): string }

export const mutators: Mutator[] = [
  { name: 'truncate', apply: (t, r) => t.slice(0, int(r, t.length + 1)) },
  { name: 'random-bytes', apply: (t, r) => {
    let out = t;
    for (let i = 0, n = 1 + int(r, 20); i < n; i++) {
      const at = int(r, out.length + 1);
      const chunk = r() < 0.5 ? pick(r, noise) : String.fromCharCode(int(r, 0x3000));
      out = out.slice(0, at) + chunk + out.slice(at);
    }
    return out;
  } },
  { name: 'delete-quotes', apply: (t, r) => {
    const which = r() < 0.5 ? /"/g : r() < 0.5 ? /'/g : /["']/g;
    let n = 0;
    const every = 1 + int(r, 3);
    return t.replace(which, (q) => (n++ % every === 0 ? '' : q));
  } },
  { name: 'huge-line', apply: (t, r) => {
    const lines = t.split('\n');
    const size = 100 * 1024;
    const filler = pick(r, ['a', 'x ', '/var/lib/', '"', '\\ ', '$A', '-', 'dnf install -y pkg ']);
    const line = pick(r, ['RUN echo ', 'COPY ', 'ENV A=', 'LABEL a=', '# ', 'RUN dnf install -y ', 'FROM ']) + filler.repeat(Math.ceil(size / filler.length)).slice(0, size);
    lines.splice(int(r, lines.length + 1), 0, line);
    return lines.join('\n');
  } },
  { name: 'crlf', apply: (t) => t.replace(/\r?\n/g, '\r\n') },
  { name: 'bom', apply: (t) => `\uFEFF${t}` },
  { name: 'tabs', apply: (t, r) => (r() < 0.5 ? t.replace(/ /g, '\t') : t.replace(/^ +/gm, '\t')) },
  { name: 'empty', apply: () => '' },
  { name: 'whitespace-only', apply: (t, r) => pick(r, ['\n', '\n\n\n', ' \t \n', '\r\n\r\n', '\\\n']) },
  { name: 'deep-continuation', apply: (t, r) => {
    const depth = 100 + int(r, 1000);
    const body = Array.from({ length: depth }, (_, i) => (i % 7 === 0 ? '  # comment inside' : `  && echo ${i} \\`)).join('\n');
    const lines = t.split('\n');
    lines.splice(int(r, lines.length + 1), 0, `RUN true \\\n${body}`);
    return lines.join('\n');
  } },
  { name: 'unterminated-heredoc', apply: (t, r) => {
    const lines = t.split('\n');
    const doc = pick(r, ['RUN <<EOF\nset -e\ndnf install -y x', 'COPY <<EOF /var/lib/x\nhello', 'RUN <<-"END" bash\n\techo', 'RUN cat <<EOF > /etc/x && \\\n']);
    lines.splice(int(r, lines.length + 1), 0, doc);
    return lines.join('\n');
  } },
  { name: 'swap-lines', apply: (t, r) => {
    const lines = t.split('\n');
    for (let i = 0, n = 1 + int(r, 10); i < n && lines.length > 1; i++) {
      const a = int(r, lines.length), b = int(r, lines.length);
      [lines[a], lines[b]] = [lines[b], lines[a]];
    }
    return lines.join('\n');
  } },
  { name: 'duplicate-lines', apply: (t, r) => {
    const lines = t.split('\n');
    const at = int(r, lines.length);
    lines.splice(at, 0, ...lines.slice(at, at + 1 + int(r, 20)));
    return lines.join('\n');
  } },
  { name: 'instruction-soup', apply: (t, r) => {
    const lines = t.split('\n');
    for (let i = 0, n = 1 + int(r, 8); i < n; i++) {
      const args = pick(r, ['', ' ', ' --', ' --mount=type=cache', ' --from=', ' /var/run', ' $X', ' ["a",', ' <<EOF', ' \\', ' a b c d /usr/etc/', ' --chown=1:1 a /var/lib/']);
      lines.splice(int(r, lines.length + 1), 0, pick(r, instructions) + args);
    }
    return lines.join('\n');
  } },
  { name: 'escape-directive', apply: (t, r) => `${pick(r, ['# escape=`', '# escape=\\', '# escape=', '# syntax=docker/dockerfile:1', '#escape=x'])}\n${t}` },
  { name: 'cut-middle', apply: (t, r) => {
    const a = int(r, t.length + 1);
    return t.slice(0, a) + t.slice(a + int(r, 200));
  } },
];

const mutatorWeights: Record<string, number> = { 'huge-line': 0.005, 'deep-continuation': 0.05, empty: 0.2, 'whitespace-only': 0.2 };

function pickMutator(rand: Rand): Mutator {
  // Expensive or trivial mutators are rarer so 20,000 documents stay fast and varied.
  for (;;) {
    const m = pick(rand, mutators);
    if (rand() < (mutatorWeights[m.name] ?? 1)) return m;
  }
}

export interface FuzzDocument { index: number; base: string; mutations: string[]; text: string }

/**
 * Most documents start from a window of a corpus file (a few instructions, as an editor holds mid-typing), some
 * from the whole file: small documents keep 20,000 lints fast while whole files keep the realistic shapes.
 */
function excerpt(text: string, rand: Rand, wholeFileShare: number): string {
  if (rand() < wholeFileShare) return text;
  const lines = text.split('\n');
  const start = int(rand, lines.length);
  const window = lines.slice(start, start + 1 + int(rand, 20));
  const from = lines.find((l) => /^FROM\s/i.test(l));
  // Usually keep a FROM on top so the bootc rules see a final stage.
  return (from && rand() < 0.7 && !/^FROM\s/i.test(window[0] ?? '') ? [from, ...window] : window).join('\n');
}

/** Document `index` of the sequence for `seed`: the same (seed, index) always gives the same text. */
export function* fuzzDocuments(corpus: { name: string; text: string }[], seed: number, count: number, wholeFileShare = 0.05): Generator<FuzzDocument> {
  const rand = prng(seed);
  for (let index = 0; index < count; index++) {
    const base = corpus[index % corpus.length];
    let text = excerpt(base.text, rand, wholeFileShare);
    const mutations: string[] = [];
    for (let i = 0, n = 1 + int(rand, 3); i < n; i++) {
      const m = pickMutator(rand);
      text = m.apply(text, rand);
      mutations.push(m.name);
    }
    yield { index, base: base.name, mutations, text };
  }
}
