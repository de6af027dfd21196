import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createProgressDisplay, progressBarLine, progressPlainLine } from '../../../core/cli/progress-display';

const e = { step: 3, of: 12, id: 'mkfs-root', message: 'Make the ext4 root filesystem', fraction: 0.5 };

test('plain lines for logs, a bar for terminals, JSON for tools', () => {
  assert.equal(progressPlainLine(e), '[3/12] Make the ext4 root filesystem (50%)');
  const bar = progressBarLine(e, 80);
  assert.ok(bar.length <= 80);
  assert.match(bar, /^\[#+-+\]  50% 3\/12 Make the ext4/);
  const chunks: string[] = [];
  const out = { write: (s: string) => chunks.push(s) };
  const json = createProgressDisplay(out, 'json');
  json.report(e);
  assert.deepEqual(JSON.parse(chunks[0]), { type: 'progress', ...e });
  chunks.length = 0;
  const tty = createProgressDisplay({ ...out, isTTY: true, columns: 60 });
  tty.report(e);
  tty.finish();
  assert.ok(chunks[0].startsWith('\r\x1b[2K['));
  assert.equal(chunks[1], '\n');
  chunks.length = 0;
  const lines = createProgressDisplay(out);
  lines.report(e); lines.report(e);
  assert.deepEqual(chunks, ['[3/12] Make the ext4 root filesystem (50%)\n'], 'repeated events print once');
});
