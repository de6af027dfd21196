// Formatters are pure functions over Finding[]: text lines, JSON, and SARIF 2.1.0 with the fields code scanning needs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatJson, formatText, sarifLog } from '../../../core/lint/format/index';
import { containerfileRules, lintContainerfile } from '../../../core/lint/index';
import type { Finding } from '../../../core/lint/types';
import { BASE as B } from './cases';

const findings: Finding[] = lintContainerfile(B + 'RUN dnf -y install httpd\nRUN mkdir /var/run\nFOO x\n').map((f) => ({ ...f, file: 'sub dir/Containerfile' }));

/** Two hand-written findings: one with a fix, one without a file (as the API returns for unsaved text). */
const fixed: Finding[] = [
  {
    range: { start: { line: 1, character: 10 }, end: { line: 1, character: 18 } },
    message: 'creates /var/run', ruleId: 'var-run-dir', severity: 'error', source: 'bootable', file: 'sub dir/Containerfile',
    fixes: [{ title: 'Remove it', safe: true, edits: [{ range: { start: { line: 1, character: 0 }, end: { line: 2, character: 0 } }, newText: '' }] }],
  },
  { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 4 } }, message: 'x', ruleId: '41', severity: 'hint', source: 'dockerfile-utils' },
];

test('text: file:line:col severity rule message, 1-based, one line each', () => {
  assert.equal(formatText(fixed), 'sub dir/Containerfile:2:11 error var-run-dir creates /var/run\n<input>:1:1 hint 41 x\n');
  assert.equal(formatText([]), '');
  for (const l of formatText(findings).trimEnd().split('\n')) assert.match(l, /^sub dir\/Containerfile:\d+:\d+ (error|warning|info|hint) [\w-]+ .+$/);
});

test('json: the findings as an indented array, 0-based positions, fixes included', () => {
  assert.equal(formatJson(fixed), `[
  {
    "range": {
      "start": {
        "line": 1,
        "character": 10
      },
      "end": {
        "line": 1,
        "character": 18
      }
    },
    "message": "creates /var/run",
    "ruleId": "var-run-dir",
    "severity": "error",
    "source": "bootable",
    "file": "sub dir/Containerfile",
    "fixes": [
      {
        "title": "Remove it",
        "safe": true,
        "edits": [
          {
            "range": {
              "start": {
                "line": 1,
                "character": 0
              },
              "end": {
                "line": 2,
                "character": 0
              }
            },
            "newText": ""
          }
        ]
      }
    ]
  },
  {
    "range": {
      "start": {
        "line": 0,
        "character": 0
      },
      "end": {
        "line": 0,
        "character": 4
      }
    },
    "message": "x",
    "ruleId": "41",
    "severity": "hint",
    "source": "dockerfile-utils"
  }
]
`);
  assert.equal(formatJson([]), '[]\n');
});

test('sarif: 2.1.0 shape with rules, levels, relative URIs and 1-based regions', () => {
  const log = sarifLog(findings, {
    toolVersion: '1.2.3',
    rules: containerfileRules.map((r) => ({ id: r.id, summary: r.summary, docs: r.docs, severity: r.severity, helpUri: `https://example.test/docs/rules/${r.id}.md` })),
  }) as any;
  assert.equal(log.version, '2.1.0');
  assert.match(log.$schema, /sarif.*2\.1\.0/);
  assert.equal(log.runs.length, 1);
  const run = log.runs[0];
  assert.equal(run.tool.driver.name, 'bootable');
  assert.equal(run.tool.driver.version, '1.2.3');
  const ruleIds = run.tool.driver.rules.map((r: any) => r.id);
  assert.equal(new Set(ruleIds).size, ruleIds.length);
  for (const r of run.tool.driver.rules) {
    assert.equal(typeof r.id, 'string');
    assert.ok(r.shortDescription.text && r.fullDescription.text, r.id);
    assert.ok(['error', 'warning', 'note'].includes(r.defaultConfiguration.level));
  }
  assert.match(run.tool.driver.rules.find((r: any) => r.id === 'pkg-cache').helpUri, /^https:\/\/example\.test\/docs\/rules\/pkg-cache\.md$/);
  assert.equal(run.results.length, findings.length);
  for (const res of run.results) {
    assert.ok(ruleIds.includes(res.ruleId));
    assert.equal(run.tool.driver.rules[res.ruleIndex].id, res.ruleId);
    assert.ok(['error', 'warning', 'note'].includes(res.level));
    assert.ok(res.message.text.length > 0);
    const loc = res.locations[0].physicalLocation;
    assert.equal(loc.artifactLocation.uri, 'sub%20dir/Containerfile');
    assert.equal(loc.artifactLocation.uriBaseId, '%SRCROOT%');
    assert.ok(loc.region.startLine >= 1 && loc.region.startColumn >= 1);
    assert.ok(loc.region.endLine > loc.region.startLine || loc.region.endColumn > loc.region.startColumn);
  }
  const varRun = run.results.find((r: any) => r.ruleId === 'var-run-dir');
  assert.equal(varRun.level, 'error');
  assert.deepEqual(varRun.locations[0].physicalLocation.region, { startLine: 3, startColumn: 11, endLine: 3, endColumn: 19 });
  // Generic dockerfile-utils codes get a descriptor too.
  assert.ok(run.results.some((r: any) => /^\d+$/.test(r.ruleId)));
});
