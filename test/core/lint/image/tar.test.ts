import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, linkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TarParser, normalise, type TarHeader } from '../../../../core/lint/image/tar';

/** Parses a tar file, feeding it in small uneven chunks to exercise every boundary. */
function parse(buf: Buffer, want: (h: TarHeader) => boolean = () => false) {
  const headers: TarHeader[] = [];
  const contents = new Map<string, string>();
  const p = new TarParser((h) => {
    headers.push(h);
    if (!want(h)) return undefined;
    const chunks: Buffer[] = [];
    return { data: (c) => chunks.push(Buffer.from(c)), end: () => contents.set(h.path, Buffer.concat(chunks).toString()) };
  });
  for (let off = 0, n = 1; off < buf.length; off += n, n = (n * 7 + 3) % 1500 + 1) p.write(buf.subarray(off, off + n));
  return { headers, contents };
}

test('parses GNU tar output: dirs, files with content, symlinks, hardlinks, long names, non-UTF-8 names', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bootable-test-tar-'));
  try {
    const root = join(dir, 'root');
    mkdirSync(join(root, 'etc'), { recursive: true });
    writeFileSync(join(root, 'etc', 'passwd'), 'root:x:0:0::/root:/bin/sh\n');
    symlinkSync('../run', join(root, 'varrun'));
    linkSync(join(root, 'etc', 'passwd'), join(root, 'hard'));
    const long = 'd'.repeat(120) + '/' + 'f'.repeat(120);
    mkdirSync(join(root, 'd'.repeat(120)));
    writeFileSync(join(root, long), 'x'.repeat(1000));
    writeFileSync(Buffer.concat([Buffer.from(join(root, 'bad-')), Buffer.from([0xff, 0xfe])]), '');
    for (const format of ['gnu', 'posix']) {
      const tarPath = join(dir, `${format}.tar`);
      execFileSync('tar', [`--format=${format}`, '-C', root, '-cf', tarPath, '.']);
      const { headers, contents } = parse(readFileSync(tarPath), (h) => h.path === 'etc/passwd' || h.path === long);
      const byPath = new Map(headers.map((h) => [h.path, h]));
      assert.equal(byPath.get('')?.type, 'dir', format);
      assert.equal(byPath.get('etc')?.type, 'dir');
      assert.equal(byPath.get('etc/passwd')?.type, 'file');
      assert.equal(byPath.get('etc/passwd')?.size, 26);
      assert.equal(contents.get('etc/passwd'), 'root:x:0:0::/root:/bin/sh\n');
      assert.equal(byPath.get('varrun')?.type, 'symlink');
      assert.equal(byPath.get('varrun')?.linkname, '../run');
      assert.equal(byPath.get(long)?.size, 1000, `${format}: long name`);
      assert.equal(contents.get(long), 'x'.repeat(1000));
      const hard = headers.find((h) => h.type === 'link');
      assert.ok(hard && ['hard', 'etc/passwd'].includes(normalise(hard.linkname)), format);
      const bad = headers.filter((h) => !h.utf8);
      assert.equal(bad.length, 1, `${format}: exactly the non-UTF-8 name is flagged`);
      assert.ok(bad[0]!.path.startsWith('bad-'));
      assert.ok(headers.filter((h) => h.utf8).length >= 6);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('normalise strips ./ and trailing slashes', () => {
  assert.equal(normalise('./etc/'), 'etc');
  assert.equal(normalise('./'), '');
  assert.equal(normalise('.'), '');
  assert.equal(normalise('/usr/lib'), 'usr/lib');
});
