// A small push parser for tar streams (ustar + pax + GNU long names). Content is skipped unless the caller
// asks for it, so walking a whole image costs little more than reading its bytes once. Used twice, nested:
// for `podman image save` (a tar of layer tars) and for each layer inside it.
import { isUtf8 } from 'node:buffer';

export type TarEntryType = 'file' | 'link' | 'symlink' | 'dir' | 'other';

export interface TarHeader {
  /** Normalised path: no leading "./" or "/", no trailing "/"; the root itself is "". */
  path: string;
  /** False when the name (or a symlink's target) is not valid UTF-8 (bootc's utf8 lint). */
  utf8: boolean;
  type: TarEntryType;
  size: number;
  mode: number;
  uid: number;
  gid: number;
  /** Symlink target or hardlink source. */
  linkname: string;
}

/** Receives an entry's content when onEntry returned it. */
export interface ContentSink {
  data(chunk: Buffer): void;
  end(): void;
}

const BLOCK = 512;

export class TarParser {
  private header = Buffer.alloc(BLOCK);
  private headerFill = 0;
  private bodyLeft = 0;
  private padLeft = 0;
  private sink: ContentSink | undefined;
  /** Collects pax / GNU long-name records that apply to the next header. */
  private meta: { kind: 'x' | 'L' | 'K' | 'g'; chunks: Buffer[] } | undefined;
  private pending: { path?: Buffer; linkname?: Buffer; size?: number; uid?: number; gid?: number } = {};

  constructor(private readonly onEntry: (h: TarHeader) => ContentSink | undefined) {}

  write(chunk: Buffer): void {
    let off = 0;
    while (off < chunk.length) {
      if (this.bodyLeft > 0) {
        const n = Math.min(this.bodyLeft, chunk.length - off);
        const part = chunk.subarray(off, off + n);
        if (this.meta) this.meta.chunks.push(Buffer.from(part));
        else this.sink?.data(part);
        this.bodyLeft -= n;
        off += n;
        if (this.bodyLeft === 0) this.finishBody();
        continue;
      }
      if (this.padLeft > 0) {
        const n = Math.min(this.padLeft, chunk.length - off);
        this.padLeft -= n;
        off += n;
        continue;
      }
      const n = Math.min(BLOCK - this.headerFill, chunk.length - off);
      chunk.copy(this.header, this.headerFill, off, off + n);
      this.headerFill += n;
      off += n;
      if (this.headerFill === BLOCK) {
        this.headerFill = 0;
        this.onHeader(this.header);
      }
    }
  }

  private finishBody(): void {
    if (this.meta) {
      this.applyMeta(this.meta.kind, Buffer.concat(this.meta.chunks));
      this.meta = undefined;
    } else {
      this.sink?.end();
      this.sink = undefined;
    }
  }

  private onHeader(h: Buffer): void {
    if (h[0] === 0 && h.every((b) => b === 0)) return; // end-of-archive blocks
    const typeflag = String.fromCharCode(h[156] || 0x30);
    let size = readNumber(h, 124, 12);
    if (this.pending.size !== undefined && typeflag !== 'x' && typeflag !== 'L' && typeflag !== 'K') size = this.pending.size;
    this.padLeft = (BLOCK - (size % BLOCK)) % BLOCK;
    this.bodyLeft = size;

    if (typeflag === 'x' || typeflag === 'g' || typeflag === 'L' || typeflag === 'K') {
      this.meta = { kind: typeflag, chunks: [] };
      if (size === 0) this.finishBody();
      return;
    }
    let nameBytes = cstring(h, 0, 100);
    const magic = h.toString('latin1', 257, 262);
    if (magic === 'ustar') {
      const prefix = cstring(h, 345, 155);
      if (prefix.length) nameBytes = Buffer.concat([prefix, Buffer.from('/'), nameBytes]);
    }
    if (this.pending.path) nameBytes = this.pending.path;
    const linkBytes = this.pending.linkname ?? cstring(h, 157, 100);
    const header: TarHeader = {
      path: normalise(nameBytes.toString('utf8')),
      utf8: isUtf8(nameBytes) && isUtf8(linkBytes),
      type: typeOf(typeflag),
      size,
      mode: readNumber(h, 100, 8),
      uid: this.pending.uid ?? readNumber(h, 108, 8),
      gid: this.pending.gid ?? readNumber(h, 116, 8),
      linkname: linkBytes.toString('utf8'),
    };
    this.pending = {};
    this.sink = this.onEntry(header);
    if (size === 0) this.finishBody();
  }

  private applyMeta(kind: 'x' | 'L' | 'K' | 'g', body: Buffer): void {
    if (kind === 'L') this.pending.path = trimNul(body);
    else if (kind === 'K') this.pending.linkname = trimNul(body);
    else if (kind === 'x') {
      // Records are "LEN key=value\n"; LEN counts the whole record in bytes.
      let i = 0;
      while (i < body.length) {
        const sp = body.indexOf(0x20, i);
        if (sp < 0) break;
        const len = Number(body.toString('latin1', i, sp));
        if (!len) break;
        const rec = body.subarray(sp + 1, i + len - 1);
        const eq = rec.indexOf(0x3d);
        const key = rec.toString('utf8', 0, eq);
        const value = rec.subarray(eq + 1);
        if (key === 'path') this.pending.path = Buffer.from(value);
        else if (key === 'linkpath') this.pending.linkname = Buffer.from(value);
        else if (key === 'size') this.pending.size = Number(value.toString());
        else if (key === 'uid') this.pending.uid = Number(value.toString());
        else if (key === 'gid') this.pending.gid = Number(value.toString());
        i += len;
      }
    }
  }
}

function typeOf(flag: string): TarEntryType {
  switch (flag) {
    case '0': case '\0': case '7': return 'file';
    case '1': return 'link';
    case '2': return 'symlink';
    case '5': return 'dir';
    default: return 'other';
  }
}

function cstring(b: Buffer, off: number, len: number): Buffer {
  const end = b.indexOf(0, off);
  return b.subarray(off, end < 0 || end > off + len ? off + len : end);
}

function trimNul(b: Buffer): Buffer {
  const end = b.indexOf(0);
  return Buffer.from(end < 0 ? b : b.subarray(0, end));
}

/** Octal, or base-256 (high bit set) for large values. */
function readNumber(b: Buffer, off: number, len: number): number {
  if (b[off]! & 0x80) {
    let v = 0;
    for (let i = off + 1; i < off + len; i++) v = v * 256 + b[i]!;
    return v;
  }
  const s = b.toString('latin1', off, off + len).replace(/\0.*$/s, '').trim();
  return s ? parseInt(s, 8) : 0;
}

export function normalise(p: string): string {
  return p.replace(/^\.?\/+/, '').replace(/^\.$/, '').replace(/\/+$/, '');
}
