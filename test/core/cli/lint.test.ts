// `bootable lint` end to end: spawns the built CLI (node dist/cli.cjs lint …) and checks output and exit codes.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';

const root = join(new URL('.', import.meta.url).pathname, '../../..');
let cli = '';
let dir = '';
const B = 'FROM quay.io/fedora/fedora-bootc:42@sha256:0123456789abcdef\n';

function lint(args: string[], cwd = dir) {
  const r = spawnSync(process.execPath, [cli, 'lint', ...args], { cwd, encoding: 'utf8', env: { ...process.env, BOOTABLE_DOCS_URL: 'https://example.test/bootable/' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function write(name: string, text: string): string {
  const p = join(dir, name);
  mkdirSync(join(p, '..'), { recursive: true });
  writeFileSync(p, text);
  return p;
}

// The CLI of the current sources, bundled as scripts/build.mjs does but into a temp dir: rebuilding dist/ in place
// could hand a half-written bundle to a server or CLI another test starts meanwhile.
let bundleDir = '';
before(async () => {
  bundleDir = mkdtempSync(join(tmpdir(), 'bootable-lint-cli-bundle-'));
  cli = join(bundleDir, 'cli.cjs');
  await build({ entryPoints: [join(root, 'core/cli/bin.ts')], outfile: cli, bundle: true, platform: 'node', target: 'node20',
    format: 'cjs', logLevel: 'warning' });
  dir = mkdtempSync(join(tmpdir(), 'bootable-lint-cli-'));
});
after(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(bundleDir, { recursive: true, force: true });
});

test('exit 0 when only warnings, text format file:line:col', () => {
  write('Containerfile', B + 'RUN dnf -y install httpd\nRUN bootc container lint\n');
  const r = lint([]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^Containerfile:2:5 warning pkg-cache /m);
});

test('exit 1 with an error finding; --rule can downgrade or switch it off', () => {
  const p = write('err/Containerfile', B + 'RUN mkdir /var/run\nRUN bootc container lint\n');
  const r = lint([p]);
  assert.equal(r.code, 1);
  assert.match(r.out, /^err\/Containerfile:2:11 error var-run-dir /m);
  assert.equal(lint([p, '--rule', 'var-run-dir=warning']).code, 0);
  const off = lint([p, '--rule', 'var-run-dir=off']);
  assert.equal(off.code, 0);
  assert.doesNotMatch(off.out, /var-run-dir/);
});

test('exit 2 on bad usage or unreadable input, with a clear message and no stack trace', () => {
  for (const args of [['missing/Containerfile'], ['--format', 'xml'], ['--rule', 'nope=error'], ['--rule', 'pkg-cache=loud'], ['--bogus'], [write('conf/config.toml', 'x=1\n')], [dir]]) {
    const r = lint(args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
    assert.match(r.err, /^bootable: error: /, args.join(' '));
    assert.doesNotMatch(r.err, /\n\s+at /, 'no stack trace');
    assert.equal(r.out, '');
  }
  const empty = mkdtempSync(join(tmpdir(), 'bootable-lint-empty-'));
  try {
    const r = lint([], empty);
    assert.equal(r.code, 2);
    assert.match(r.err, /no Containerfile or Dockerfile/);
  } finally {
    rmSync(empty, { recursive: true, force: true });
  }
});

test('json and sarif formats', () => {
  const p = write('fmt/Containerfile', B + 'RUN dnf -y install httpd\nRUN mkdir /var/run\n');
  const j = lint([p, '--format', 'json']);
  assert.equal(j.code, 1);
  const arr = JSON.parse(j.out);
  assert.ok(Array.isArray(arr) && arr.some((f: any) => f.ruleId === 'pkg-cache' && f.file === 'fmt/Containerfile'));
  const s = lint([p, '--format', 'sarif']);
  const log = JSON.parse(s.out);
  assert.equal(log.version, '2.1.0');
  const rule = log.runs[0].tool.driver.rules.find((r: any) => r.id === 'pkg-cache');
  assert.equal(rule.helpUri, 'https://example.test/bootable/docs/rules/pkg-cache.md');
  assert.ok(log.runs[0].results.some((r: any) => r.ruleId === 'var-run-dir' && r.level === 'error'
    && r.locations[0].physicalLocation.artifactLocation.uri === 'fmt/Containerfile'));
});

test('--fix applies safe fixes in place and reports what remains', () => {
  const p = write('fix/Containerfile', B + 'RUN dnf -y install httpd\nRUN mkdir -p /var/run && useradd app\nRUN ostree container commit\n');
  const r = lint([p, '--fix']);
  assert.equal(readFileSync(p, 'utf8'), B + 'RUN dnf -y install httpd && dnf clean all\nRUN useradd app\nRUN bootc container lint\n');
  assert.match(r.err, /applied 3 fixes/);
  assert.equal(r.code, 0);
  assert.match(r.out, /useradd/); // an unsafe fix is not applied
  assert.doesNotMatch(r.out, /pkg-cache|var-run-dir|ostree-commit/);
  assert.deepEqual(readdirSync(join(dir, 'fix')), ['Containerfile'], 'no temp files left');
});

test('bootc TOML drop-ins on the command line, and COPY sources from the build context', () => {
  const k = write('ctx/usr/lib/bootc/kargs.d/10-bad.toml', 'kargs = ["a"]\nmatch-architectures = ["arm64"]\n');
  const r = lint([k]);
  assert.equal(r.code, 1);
  assert.match(r.out, /^ctx\/usr\/lib\/bootc\/kargs\.d\/10-bad\.toml:2:1 error bootc-kargs .*aarch64/m);
  const c = write('ctx/Containerfile', B + 'COPY usr/lib/bootc/kargs.d/10-bad.toml /usr/lib/bootc/kargs.d/\nRUN bootc container lint\n');
  const r2 = lint([c]);
  assert.equal(r2.code, 1);
  assert.match(r2.out, /^ctx\/Containerfile:2:6 error kargs-toml usr\/lib\/bootc\/kargs\.d\/10-bad\.toml:2:1: match-architectures/m);
});

test('--list-rules prints the catalogue', () => {
  const r = lint(['--list-rules']);
  assert.equal(r.code, 0);
  assert.ok(r.out.split('\n').filter(Boolean).length >= 20);
  assert.match(r.out, /^var-content\s+warning\s+/m);
});
