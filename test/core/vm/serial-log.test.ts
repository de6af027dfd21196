import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanSerialText, lastLines, tailSerialLog } from '../../../core/vm/serial-log';

const fixture = join(process.env.BOOTABLE_ROOT ?? process.cwd(), 'test/fixtures/vm/serial-ovmf-systemd.log');

test('terminal escapes and control characters are removed', () => {
  assert.equal(cleanSerialText('[\x1b[0;32m  OK  \x1b[0m] Started\r\n\x1bM\r\x1b[Kx\x07'), '[  OK  ] Started\n\nx');
});

test('the last lines of a real-looking console log read as text', async () => {
  const lines = await tailSerialLog(fixture, 4);
  assert.deepEqual(lines, [
    '[*     ] (1 of 2) Job ssh.service/start running (3s / 1min 30s)',
    '[  OK  ] Started ssh.service - OpenBSD Secure Shell server.',
    'Debian GNU/Linux 12 debian-bootc ttyS0',
    'debian-bootc login:',
  ]);
  assert.ok(lines.every((l) => !/[\x00-\x1f]/.test(l)));
});

test('a missing log is no lines, and only the end of a big log is read', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bootable-test-serial-'));
  try {
    assert.deepEqual(await tailSerialLog(join(dir, 'none.log'), 5), []);
    const big = join(dir, 'big.log');
    writeFileSync(big, Array.from({ length: 50_000 }, (_, i) => `line ${i}`).join('\n') + '\n');
    assert.deepEqual(await tailSerialLog(big, 2), ['line 49998', 'line 49999']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('lastLines drops blank lines and keeps order', () => {
  assert.deepEqual(lastLines('a\n\n  \nb\r\nc\n', 2), ['b', 'c']);
});
