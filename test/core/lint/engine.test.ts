// The engine around the rules: generic findings, settings, suppression comments, ordering, and totality.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintContainerfile } from '../../../core/lint/index';
import { lintWithRules } from '../../../core/lint/lint';
import type { ContainerfileRule } from '../../../core/lint/types';
import { BASE as B } from './cases';

test('generic dockerfile-utils findings are included with their code, and can be turned off', () => {
  const text = B + 'RUN dnf -y install x && dnf clean all\nFOO bar\n';
  const generic = lintContainerfile(text).filter((f) => f.source === 'dockerfile-utils');
  assert.ok(generic.length > 0);
  assert.ok(generic.every((f) => /^\d+$/.test(f.ruleId)));
  assert.equal(lintContainerfile(text, { generic: false }).filter((f) => f.source === 'dockerfile-utils').length, 0);
});

test('settings change a severity or turn a rule off', () => {
  const text = B + 'RUN dnf -y install httpd\n';
  assert.equal(lintContainerfile(text).find((f) => f.ruleId === 'pkg-cache')!.severity, 'warning');
  assert.equal(lintContainerfile(text, { settings: { 'pkg-cache': 'error' } }).find((f) => f.ruleId === 'pkg-cache')!.severity, 'error');
  assert.equal(lintContainerfile(text, { settings: { 'pkg-cache': 'off' } }).find((f) => f.ruleId === 'pkg-cache'), undefined);
});

test('suppression comments: line above, list, inside a continuation, whole file', () => {
  const findings = (t: string) => lintContainerfile(t, { generic: false }).map((f) => f.ruleId);
  assert.ok(findings(B + 'RUN dnf -y install httpd\n').includes('pkg-cache'));
  assert.ok(!findings(B + '# bootable-ignore pkg-cache\nRUN dnf -y install httpd\n').includes('pkg-cache'));
  assert.ok(!findings(B + '# why: upstream bug\n# bootable-ignore toolchain-in-final, pkg-cache\nRUN dnf -y install gcc\n').includes('pkg-cache'));
  assert.ok(!findings(B + 'RUN echo a && \\\n# bootable-ignore pkg-cache\n    dnf -y install httpd\n').includes('pkg-cache'));
  assert.ok(!findings('# bootable-ignore-file pkg-cache\n' + B + 'RUN dnf -y install httpd\nRUN dnf -y install vim\n').includes('pkg-cache'));
  // Another rule id does not suppress, nor does a comment two instructions up.
  assert.ok(findings(B + '# bootable-ignore var-content\nRUN dnf -y install httpd\n').includes('pkg-cache'));
  assert.ok(findings(B + '# bootable-ignore pkg-cache\nRUN echo hi\nRUN dnf -y install httpd\n').includes('pkg-cache'));
});

test('findings are sorted by position', () => {
  const f = lintContainerfile(B + 'EXPOSE 80\nRUN dnf -y install httpd\nRUN mkdir /var/run\n');
  const keys = f.map((x) => x.range.start.line * 1e4 + x.range.start.character);
  assert.deepEqual(keys, [...keys].sort((a, b) => a - b));
});

test('a rule that throws becomes an internal-error finding, never a crash', () => {
  const broken: ContainerfileRule = {
    kind: 'containerfile', id: 'broken-rule', severity: 'warning', summary: 's', docs: 'd',
    check() { throw new Error('boom'); },
  };
  const f = lintWithRules([broken], B);
  assert.equal(f.length, 1);
  assert.equal(f[0].ruleId, 'broken-rule');
  assert.match(f[0].message, /internal error in rule broken-rule: boom/);
});

test('never throws on odd input', () => {
  const inputs = ['', '\uFEFF', '\n\n\n', 'FROM', 'RUN', 'RUN <<EOF', 'RUN <<', 'COPY', 'COPY <<EOF /etc/x', 'FROM x\nRUN "unterminated',
    "FROM x\nRUN 'a", 'FROM x\nRUN $(', 'FROM x\nRUN ${', 'FROM x\nRUN \\', 'FROM x\r\nRUN a \\\r\n b\r\n', '\t\tFROM\tx\n',
    'FROM x\nRUN ["sh", "-c"]\n', 'FROM x\nRUN ["', 'FROM x AS\nFROM y AS y\nFROM y\n', 'ARG A=$A\nFROM $A\n', 'FROM x\nRUN ' + 'a && '.repeat(2000),
    'FROM x\nRUN cat <<A <<B\n1\nA\n2\nB\n', 'FROM x\nRUN sh -c "sh -c \'sh -c \\"mkdir /var/x\\"\'"\n', '# escape=`\nFROM x\nRUN echo `\n  hi\n',
    'FROM x\nCOPY ["a", "/var/x"]\n', 'FROM x\nWORKDIR\nCOPY a b\n', 'FROM x\nONBUILD RUN mkdir /var/x\n', 'FROM x\nHEALTHCHECK NONE\n'];
  for (const t of inputs) assert.doesNotThrow(() => lintContainerfile(t), t);
});

test('exec-form RUN, sh -c and heredoc scripts are understood', () => {
  const ids = (t: string) => lintContainerfile(t, { generic: false }).map((f) => f.ruleId);
  assert.ok(ids(B + 'RUN ["dnf", "-y", "install", "httpd"]\n').includes('pkg-cache'));
  assert.ok(ids(B + 'RUN ["/bin/sh", "-c", "mkdir -p /var/lib/app"]\n').includes('var-content'));
  assert.ok(ids(B + 'RUN sh -c "mkdir -p /var/lib/app"\n').includes('var-content'));
  assert.ok(ids(B + 'RUN bash <<EOF\nset -e\nmkdir -p /var/lib/app\nEOF\n').includes('var-content'));
  // A heredoc fed to a non-shell program is data, not commands.
  assert.ok(!ids(B + 'RUN python3 <<EOF\nimport os\nos.makedirs("/x")\nmkdir /var/lib/app\nEOF\n').includes('var-content'));
});

test('one parse per lint: the generic validation reuses our dockerfile-ast parse', async () => {
  const ast = await import('dockerfile-ast');
  const parser = ast.DockerfileParser as { parse(t: string): unknown };
  const original = parser.parse;
  let calls = 0;
  parser.parse = (t: string) => { calls++; return original(t); };
  try {
    const text = B + 'RUN dnf -y install httpd\nFOO bar\n';
    const findings = lintContainerfile(text);
    assert.equal(calls, 1);
    assert.ok(findings.some((f) => f.source === 'dockerfile-utils'), 'generic validation still ran');
  } finally {
    parser.parse = original;
  }
  assert.equal(parser.parse, original, 'the parser is restored');
});

test('a long invalid stage name does not freeze the generic validation (dockerfile-utils regex backtracking)', () => {
  const name = 'a' + 'x'.repeat(40) + ':1';
  const text = `FROM quay.io/fedora/fedora-bootc:42 && ${name}\nRUN echo hi\n`;
  // Backtracking over 40 characters would take hours: ending at all is the check (its time is in lint.bench.ts).
  const t0 = Date.now();
  const findings = lintContainerfile(text);
  assert.ok(Date.now() - t0 < 60_000, `took ${Date.now() - t0} ms`);
  const stage = findings.find((f) => f.source === 'dockerfile-utils' && f.message.includes(name.toLowerCase()));
  assert.ok(stage, 'the invalid stage name is still reported, with its real name: ' + findings.map((f) => f.message).join(' | '));
});
