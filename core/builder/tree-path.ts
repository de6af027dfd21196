// Paths of the system being built, resolved inside the build tree as if chrooted into it. The tree comes from
// an image (hostile input): every symlink in it is read with lstat/readlink and resolved against the tree's own
// root, `..` never climbs above it, and a path that would leave the tree is refused (exit code 2) naming the
// path. The builder runs as root, so this is what keeps an image's `/etc/passwd -> /etc/passwd` or a config's
// home from writing to the host. Every read or write of an image-controlled path in core/builder goes through
// a BuildTree.
import { constants } from 'node:fs';
import { lchown, lstat, mkdir, open, readlink, rm, symlink } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { UsageError } from '../errors';

/** A directory of the host that the built system sees at `at` (`/` always; `/var` in ostree mode). */
export interface TreeMount { at: string; dir: string }

/** A path in an image or config that points outside the build tree. */
export class TreeEscapeError extends UsageError {}

const MAX_SYMLINKS = 40; // as Linux's path walk

export interface Resolved {
  /** The host path to use (every existing component is a real directory or the final file). */
  host: string;
  /** The path inside the built system, after following its symlinks. */
  path: string;
}

export class BuildTree {
  private readonly mounts: TreeMount[];

  /**
   * `writable`: the only places of the built system a step may write (ostree mode: /etc and /var; the rest is
   * the read-only, content-addressed deployment). Undefined = anywhere in the tree.
   */
  constructor(mounts: TreeMount[], private readonly writable?: string[]) {
    if (!mounts.some((m) => m.at === '/')) throw new Error('BuildTree: no mount for /');
    // Longest mount point first, so /var wins over / for /var/…
    this.mounts = [...mounts].sort((a, b) => b.at.length - a.at.length);
  }

  /** The host path of a path of the built system whose components are already resolved. */
  private hostOf(path: string): string {
    const m = this.mounts.find((x) => x.at === '/' || path === x.at || path.startsWith(x.at + '/'))!;
    const rest = m.at === '/' ? path : path.slice(m.at.length);
    return join(m.dir, rest);
  }

  /**
   * Resolves `abs` component by component. `followLast`: follow a symlink in the last component too (reads and
   * writes of files do; removing or replacing a link does not). Components that do not exist yet are taken
   * literally (they will be created as directories or files).
   */
  async resolve(abs: string, opts: { followLast?: boolean } = {}): Promise<Resolved> {
    const followLast = opts.followLast ?? true;
    if (!abs.startsWith('/')) throw new TreeEscapeError(`${abs}: not an absolute path in the image`);
    let todo = abs.split('/').filter(Boolean);
    const done: string[] = [];
    let links = 0;
    let missing = false;
    while (todo.length > 0) {
      const name = todo.shift()!;
      if (name === '.') continue;
      if (name === '..') {
        if (done.length === 0) throw this.escape(abs, 'climbs above the root of the image');
        done.pop();
        continue;
      }
      done.push(name);
      if (missing) continue;
      const host = this.hostOf('/' + done.join('/'));
      let st;
      try { st = await lstat(host); } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
        missing = true;
        continue;
      }
      const last = todo.length === 0;
      if (st.isSymbolicLink() && (!last || followLast)) {
        if (++links > MAX_SYMLINKS) throw this.escape(abs, 'has too many levels of symbolic links');
        const target = await readlink(host);
        done.pop();
        // An absolute target starts again at the tree's root, never the host's.
        if (target.startsWith('/')) done.length = 0;
        todo = [...target.split('/').filter(Boolean), ...todo];
      } else if (!last && !st.isDirectory()) {
        throw this.escape(abs, `has a non-directory at /${done.join('/')}`);
      }
    }
    const path = '/' + done.join('/');
    return { host: this.hostOf(path), path };
  }

  private escape(abs: string, why: string): TreeEscapeError {
    return new TreeEscapeError(`the image's path ${abs} ${why}: refused`, {
      hint: 'the image or config points outside the system being built; fix the symlink or path in the Containerfile or config',
    });
  }

  /** Refuses a resolved path outside the writable places (ostree: /etc and /var). */
  checkWritable(abs: string, r: Resolved): void {
    if (!this.writable) return;
    if (this.writable.some((w) => r.path === w || r.path.startsWith(w + '/'))) return;
    throw new TreeEscapeError(`${abs}${r.path === abs ? '' : ` (-> ${r.path})`} is on the read-only side of an ostree system`, {
      hint: `only ${this.writable.join(' and ')} are writable; use a path under /var (e.g. /var/home/USER)`,
    });
  }

  async exists(abs: string): Promise<boolean> {
    try { await lstat((await this.resolve(abs)).host); return true; } catch (err) {
      if (err instanceof TreeEscapeError) throw err;
      return false;
    }
  }

  async readFile(abs: string): Promise<Buffer> {
    const fh = await open((await this.resolve(abs)).host, constants.O_RDONLY | constants.O_NOFOLLOW);
    try { return await fh.readFile(); } finally { await fh.close(); }
  }

  /** The file's text, or undefined when it does not exist. */
  async readText(abs: string): Promise<string | undefined> {
    try { return (await this.readFile(abs)).toString('utf8'); } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  /** Writes (creating with `mode`, or truncating an existing file and keeping its owner and mode). */
  async writeFile(abs: string, data: string | Buffer, mode = 0o644): Promise<string> {
    const r = await this.resolve(abs);
    this.checkWritable(abs, r);
    await mkdir(posix.dirname(r.host), { recursive: true });
    // O_NOFOLLOW: the resolved last component must be the file itself, never a link.
    const fh = await open(r.host, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW, mode);
    try { await fh.writeFile(data); } finally { await fh.close(); }
    return r.host;
  }

  /**
   * mkdir -p inside the tree; returns the host path and whether the last directory is new. Missing parents get
   * 0755 (a home's /var/home must stay searchable); only the last directory gets `mode`.
   */
  async mkdirp(abs: string, mode = 0o755): Promise<{ host: string; created: boolean }> {
    const r = await this.resolve(abs);
    this.checkWritable(abs, r);
    await mkdir(posix.dirname(r.host), { recursive: true, mode: 0o755 });
    const created = await mkdir(r.host, { mode }).then(() => true, (err: NodeJS.ErrnoException) => {
      if (err.code === 'EEXIST') return false;
      throw err;
    });
    const st = await lstat(r.host);
    if (!st.isDirectory()) throw this.escape(abs, 'is not a directory');
    return { host: r.host, created };
  }

  /** Replaces whatever is at `abs` (never following it) with a symlink to `target`. */
  async symlink(abs: string, target: string): Promise<void> {
    const r = await this.resolve(abs, { followLast: false });
    this.checkWritable(abs, r);
    await mkdir(posix.dirname(r.host), { recursive: true });
    await rm(r.host, { force: true });
    await symlink(target, r.host);
  }

  /** chmod through a descriptor opened with O_NOFOLLOW (a file or a directory, never a link). */
  async chmod(abs: string, mode: number): Promise<void> {
    const r = await this.resolve(abs);
    this.checkWritable(abs, r);
    const fh = await open(r.host, constants.O_RDONLY | constants.O_NOFOLLOW);
    try { await fh.chmod(mode); } finally { await fh.close(); }
  }

  /** chown that never follows a link (lchown on the resolved path). */
  async chown(abs: string, uid: number, gid: number): Promise<void> {
    const r = await this.resolve(abs);
    this.checkWritable(abs, r);
    await lchown(r.host, uid, gid);
  }
}

/** A tree with a single root (an image mount, a plain rootfs). */
export const treeAt = (dir: string): BuildTree => new BuildTree([{ at: '/', dir }]);

/** A path from a config: absolute, no `.`/`..` components, no empty components. */
export function isCleanAbsolutePath(p: string): boolean {
  return p === '/' || (p.startsWith('/') && !p.endsWith('/') && p.split('/').slice(1).every((c) => c !== '' && c !== '.' && c !== '..'));
}

/** An ostree deployment as the booted system sees it: the deployment's root with the stateroot's /var mounted. */
export const deploymentTree = (deployDir: string, varDir: string): BuildTree =>
  new BuildTree([{ at: '/', dir: deployDir }, { at: '/var', dir: varDir }], ['/etc', '/var']);
