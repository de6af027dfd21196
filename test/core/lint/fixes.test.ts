// Quick fixes: exact edits for the fixes users rely on, and for every fix of every firing case:
// apply → re-lint → that finding is gone. Plus the suppression fix for every finding.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFixes, lintContainerfile, suppressionFix } from '../../../core/lint/index';
import type { Finding } from '../../../core/lint/types';
import { BASE as B, cases, context } from './cases';

const readContext = (p: string) => context[p];
const lint = (t: string) => lintContainerfile(t, { generic: false, readContext });

function fixOnce(text: string, id: string, title?: RegExp): string {
  const f = lint(text).find((x) => x.ruleId === id);
  assert.ok(f, `${id} should fire`);
  const fix = (f.fixes ?? []).find((x) => !title || title.test(x.title));
  assert.ok(fix, `${id} should offer a fix`);
  return applyFixes(text, [fix]);
}

test('pkg-cache: adds && dnf clean all (safe)', () => {
  const text = B + 'RUN dnf -y install httpd \\\n    vim\n';
  assert.equal(fixOnce(text, 'pkg-cache'), B + 'RUN dnf -y install httpd \\\n    vim && dnf clean all\n');
  assert.equal(lint(text).find((f) => f.ruleId === 'pkg-cache')!.fixes![0].safe, true);
  assert.equal(fixOnce(B + 'RUN apt-get update && apt-get install -y nginx\n', 'pkg-cache'),
    B + 'RUN apt-get update && apt-get install -y nginx && rm -rf /var/lib/apt/lists/*\n');
});

test('lint-missing: appends RUN bootc container lint, also without a final newline', () => {
  assert.equal(fixOnce(B + 'RUN echo hi', 'lint-missing'), B + 'RUN echo hi\nRUN bootc container lint\n');
  assert.equal(fixOnce(B.replace(/\n/g, '\r\n') + 'RUN echo hi\r\n', 'lint-missing'), B.replace(/\n/g, '\r\n') + 'RUN echo hi\r\nRUN bootc container lint\r\n');
});

test('lint-missing next to ostree container commit: fix offered but not safe (--fix must not add a second lint)', () => {
  const f = lint(B + 'RUN ostree container commit\n').find((x) => x.ruleId === 'lint-missing')!;
  assert.equal(f.fixes![0].safe, false);
  assert.equal(lint(B + 'RUN echo hi\n').find((x) => x.ruleId === 'lint-missing')!.fixes![0].safe, true);
});

test('ostree-commit-obsolete: replaced by bootc container lint', () => {
  assert.equal(fixOnce(B + 'RUN dnf clean all && ostree container commit\n', 'ostree-commit-obsolete'), B + 'RUN dnf clean all && bootc container lint\n');
});

test('var-content: COPY into /var becomes /usr/share/factory + tmpfiles.d C line', () => {
  assert.equal(fixOnce(B + 'COPY app/ /var/lib/app/\nRUN bootc container lint\n', 'var-content'),
    B + "COPY app/ /usr/share/factory/var/lib/app/\nRUN echo 'C /var/lib/app - - - - /usr/share/factory/var/lib/app' > /usr/lib/tmpfiles.d/var-lib-app.conf\nRUN bootc container lint\n");
  assert.equal(fixOnce(B + 'RUN mkdir -p /var/lib/app && echo ok\n', 'var-content'),
    B + "RUN echo 'd /var/lib/app 0755 root root -' > /usr/lib/tmpfiles.d/var-lib-app.conf && echo ok\n");
});

test('useradd: replaced by a sysusers.d drop-in', () => {
  assert.equal(fixOnce(B + 'RUN useradd -r -u 990 -c "App user" -d /var/lib/app -s /sbin/nologin app\n', 'useradd'),
    B + `RUN echo 'u app 990 "App user" /var/lib/app /sbin/nologin' > /usr/lib/sysusers.d/app.conf && systemd-sysusers /usr/lib/sysusers.d/app.conf\n`);
  assert.equal(fixOnce(B + 'RUN groupadd -g 990 app\n', 'useradd'),
    B + `RUN echo 'g app 990' > /usr/lib/sysusers.d/app.conf && systemd-sysusers /usr/lib/sysusers.d/app.conf\n`);
});

test('var-run-dir: removes mkdir /var/run (word, command, or whole RUN)', () => {
  assert.equal(fixOnce(B + 'RUN mkdir -p /var/run && echo ok\n', 'var-run-dir'), B + 'RUN echo ok\n');
  assert.equal(fixOnce(B + 'RUN echo ok && mkdir -p /var/run\n', 'var-run-dir'), B + 'RUN echo ok\n');
  assert.equal(fixOnce(B + 'RUN mkdir -p /var/run /srv/x\n', 'var-run-dir'), B + 'RUN mkdir -p /srv/x\n');
  assert.equal(fixOnce(B + 'RUN mkdir -p /var/run\nRUN echo ok\n', 'var-run-dir'), B + 'RUN echo ok\n');
});

test('every fix of every firing case removes its finding', () => {
  let checked = 0;
  for (const [id, c] of Object.entries(cases)) {
    for (const [text] of c.fires) {
      for (const f of lint(text).filter((x) => x.ruleId === id)) {
        for (const fix of f.fixes ?? []) {
          const after = lint(applyFixes(text, [fix]));
          assert.ok(!after.some((x) => x.ruleId === id && x.message === f.message), `${id}: "${fix.title}" did not remove the finding in:\n${text}`);
          checked++;
        }
      }
    }
  }
  assert.ok(checked >= 8, `only ${checked} fixes exercised`);
});

test('fixes exist for at least 6 rules', () => {
  const withFix = new Set<string>();
  for (const [id, c] of Object.entries(cases)) for (const [text] of c.fires) if (lint(text).some((f) => f.ruleId === id && f.fixes?.length)) withFix.add(id);
  assert.ok(withFix.size >= 6, [...withFix].join(', '));
});

test('suppression fix silences every firing finding', () => {
  for (const [id, c] of Object.entries(cases)) {
    for (const [text] of c.fires) {
      const f = lint(text).find((x) => x.ruleId === id) as Finding;
      const fixed = applyFixes(text, [suppressionFix(text, f)]);
      assert.ok(!lint(fixed).some((x) => x.ruleId === id && x.message === f.message), `${id}: suppression failed:\n${fixed}`);
    }
  }
});

test('suppression fix extends an existing comment', () => {
  const text = B + '# bootable-ignore pkg-cache\nRUN dnf -y upgrade\n';
  const f = lint(text).find((x) => x.ruleId === 'pkg-upgrade')!;
  assert.equal(applyFixes(text, [suppressionFix(text, f)]), B + '# bootable-ignore pkg-cache,pkg-upgrade\nRUN dnf -y upgrade\n');
});

test('applyFixes applies non-overlapping edits back to front and skips overlaps', () => {
  const r = (l: number, a: number, b: number) => ({ start: { line: l, character: a }, end: { line: l, character: b } });
  const out = applyFixes('abcdef\nxyz\n', [
    { title: 'a', safe: true, edits: [{ range: r(0, 0, 2), newText: 'AB' }, { range: r(1, 3, 3), newText: '!' }] },
    { title: 'b', safe: true, edits: [{ range: r(0, 1, 3), newText: 'zz' }] },
    { title: 'c', safe: true, edits: [{ range: r(0, 4, 6), newText: '' }] },
  ]);
  assert.equal(out, 'ABcd\nxyz!\n');
});
