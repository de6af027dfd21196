import { test } from 'node:test';
import assert from 'node:assert/strict';
import { el, escapeAttr, escapeText, renderXml } from '../../../core/vm/xml';

test('text and attribute escaping covers markup and quotes', () => {
  assert.equal(escapeText(`a<b>&c"'`), `a&lt;b&gt;&amp;c"'`);
  assert.equal(escapeAttr(`a<b>&c"'\n\t`), 'a&lt;b&gt;&amp;c&quot;&apos;&#10;&#9;');
});

test('characters XML cannot carry are refused, not passed through', () => {
  assert.throws(() => escapeText('bad\u0000nul'), /cannot represent/);
  assert.throws(() => escapeAttr('esc\u001b[0m'), /cannot represent/);
});

test('element and attribute names are validated', () => {
  assert.throws(() => el('a b'), /invalid XML element name/);
  assert.throws(() => el('x', { 'on"click': 'y' }), /invalid XML attribute name/);
  assert.throws(() => el('<script>'), /invalid XML element name/);
});

test('rendering: nested, inline text, undefined attributes and false children dropped', () => {
  const xml = renderXml(el('a', { x: 1, y: undefined }, el('b', {}, "it's <here>"), false, undefined, el('c', { z: `"'` })));
  assert.equal(xml, [
    "<a x='1'>",
    "  <b>it's &lt;here&gt;</b>",
    "  <c z='&quot;&apos;'/>",
    '</a>',
  ].join('\n'));
});

test('a hostile value cannot close its element or open another', () => {
  const evil = `</name><devices><disk type='file'><source file='/etc/shadow'/></disk></devices><name>`;
  const xml = renderXml(el('domain', {}, el('name', {}, evil), el('source', { file: evil })));
  assert.equal((xml.match(/<disk/g) ?? []).length, 0);
  assert.equal((xml.match(/<source/g) ?? []).length, 1);
  assert.ok(xml.includes('&lt;/name&gt;&lt;devices&gt;'));
});
