// Every quick fix the linter offers leaves a Containerfile that builds (issue 16 item 2): each fixable rule has a
// fixture in test/fixtures/fixes/ that builds from the local base offline; each fix it offers is applied alone,
// must remove its finding, and the result is built with real podman. One build per fix, images removed after.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyFixes, lintContainerfile } from '../../core/lint/index';
import { contextReader } from '../../core/lint/context-reader';
import { ruleCatalogue } from '../../core/lint/catalogue';
import { buildImage } from '../../core/podman/build';
import { runPodman } from '../../core/podman/exec';
import { BASE_IMAGE } from '../../core/base/recipe';

const fixtures = new URL('../fixtures/fixes/', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'bootable-fixes-build-'));
const repo = `localhost/bootable-test-fixes-${process.pid}`;
const built: string[] = [];
after(async () => {
  if (built.length) await runPodman(['podman', 'rmi', '--force', ...built]);
  rmSync(dir, { recursive: true, force: true });
});

const fixableRules = [...new Set(ruleCatalogue.filter((r) => r.kind === 'containerfile' && r.fixable).map((r) => r.id))];
const lint = (text: string) => lintContainerfile(text, { generic: false, readContext: contextReader(fixtures) });

test('every fixable rule has a fixture on the local base, and it fires there', () => {
  assert.ok(fixableRules.length >= 6, fixableRules.join(', '));
  for (const id of fixableRules) {
    const file = join(fixtures, `${id}.Containerfile`);
    assert.ok(existsSync(file), `missing fixture ${file}`);
    const text = readFileSync(file, 'utf8');
    assert.ok(text.startsWith(`FROM ${BASE_IMAGE}\n`), `${id}: the fixture builds from the local base`);
    assert.ok(lint(text).some((f) => f.ruleId === id), `${id} fires on its fixture`);
  }
});

test('the var-content fix is not offered when a later command uses the directory (it would not build)', () => {
  const text = readFileSync(join(fixtures, 'var-content.Containerfile'), 'utf8');
  const mkdir = lint(text).find((f) => f.ruleId === 'var-content' && f.message.includes('writes /var/lib/fixdb:'));
  assert.ok(mkdir, 'the mkdir of /var/lib/fixdb is reported');
  assert.deepEqual(mkdir.fixes ?? [], []);
});

test('lint-missing offers no `RUN bootc container lint` on the local base (no bootc binary in it)', () => {
  const f = lint(readFileSync(join(fixtures, 'lint-missing.Containerfile'), 'utf8')).find((x) => x.ruleId === 'lint-missing');
  assert.ok(f);
  assert.deepEqual(f.fixes ?? [], []);
  assert.match(f.message, /bootable lint --image/);
});

for (const id of fixableRules) {
  test(`every fix offered by ${id} builds`, async () => {
    const text = readFileSync(join(fixtures, `${id}.Containerfile`), 'utf8');
    const findings = lint(text).filter((f) => f.ruleId === id);
    let n = 0;
    for (const f of findings) {
      for (const fix of f.fixes ?? []) {
        const fixed = applyFixes(text, [fix]);
        assert.notEqual(fixed, text, `${id}: "${fix.title}" changes the file`);
        assert.ok(!lint(fixed).some((x) => x.ruleId === id && x.message === f.message), `${id}: "${fix.title}" removes its finding`);
        const file = join(dir, `${id}-${n}.Containerfile`);
        writeFileSync(file, fixed);
        const tag = `${repo}:${id}-${n++}`;
        built.push(tag);
        await assert.doesNotReject(buildImage({ containerfile: file, context: fixtures, tag }),
          `${id}: "${fix.title}" leaves a Containerfile that builds:\n${fixed}`);
      }
    }
    // lint-missing's only fix cannot build on this base, so it offers none here (checked above).
    if (id !== 'lint-missing') assert.ok(n >= 1, `${id} offers at least one fix on its fixture`);
  });
}
