// Text from outside (podman's stderr, a serial line, a workspace file name) shown in a notification must stay text:
// client/plain-text.ts breaks VS Code's `[label](target)` link syntax without changing what the reader sees.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { plainText } from '../../client/plain-text';

const zwsp = '\u200B';
/** The markdown link syntax VS Code turns into a clickable link in a notification. */
const link = /\[[^\]]*\]\([^)]*\)/;

test('command, web and file links become plain text', () => {
  for (const hostile of [
    'build failed: [Run](command:workbench.action.terminal.sendSequence?{"text":"rm -rf ~"})',
    'see [docs](https://example.invalid/x)',
    'open [it](file:///etc/shadow)',
  ]) {
    const shown = plainText(hostile);
    assert.doesNotMatch(shown, link, hostile);
    // Readable: removing the zero-width spaces gives back the original text.
    assert.equal(shown.replaceAll(zwsp, ''), hostile);
  }
});

test('every link in a line is broken, and text without links is unchanged', () => {
  assert.equal(plainText('[a](x) and [b](y)'), `[a]${zwsp}(x) and [b]${zwsp}(y)`);
  assert.equal(plainText('exit status 127 (dnf: not found) [step 3]'), 'exit status 127 (dnf: not found) [step 3]');
  assert.equal(plainText(''), '');
});
