// Prepares what the in-editor tests look at, with real tools: a copy of the fixture workspace in a temp dir,
// a real qcow2 (qemu-img) in its output directory, and a tiny real podman image. Everything is removed by cleanup().
import { appendFileSync, chmodSync, cpSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { run } from '../../core/util/process';
// The local bootc base image `npm run setup` builds (it has a shell, unlike the tiny test image).
import { BASE_IMAGE as localBase } from '../../core/base/recipe';

export const root = process.env.BOOTABLE_ROOT ?? new URL('../..', import.meta.url).pathname;

export interface TestWorkspace {
  dir: string;
  /** The temp dir holding the workspace, the suite bundle and the results. */
  tmp: string;
  image: string;
  cleanup(): Promise<void>;
}

export async function prepareWorkspace(): Promise<TestWorkspace> {
  const tmp = mkdtempSync(join(tmpdir(), 'bootable-vscode-test-'));
  // libvirt's qemu user must reach the disk that Build and Boot writes under the workspace.
  chmodSync(tmp, 0o711);
  const dir = join(tmp, 'workspace');
  const image = `localhost/bootable-test-vscode:${randomBytes(4).toString('hex')}`;
  let imported = false;
  const cleanup = async () => {
    if (imported) {
      for (const tag of [`${image}-built`, `${image}-broken`, `${image}-up`, image]) {
        await run(['podman', 'rmi', '--force', '--ignore', tag]).catch(() => undefined);
      }
    }
    rmSync(tmp, { recursive: true, force: true });
  };
  try {
    cpSync(join(root, 'test/fixtures/vscode/workspace'), dir, { recursive: true });
    mkdirSync(join(dir, 'output', 'qcow2'), { recursive: true });
    await run(['qemu-img', 'create', '-q', '-f', 'qcow2', join(dir, 'output', 'qcow2', 'disk.qcow2'), '64M'],
      { installHint: 'apt-get install qemu-utils (npm run setup)' });
    const content = join(tmp, 'image');
    mkdirSync(content);
    writeFileSync(join(content, 'hello'), 'hello\n');
    await run(['tar', '-C', content, '-cf', join(tmp, 'image.tar'), '.']);
    await run(['podman', 'import', join(tmp, 'image.tar'), image], { installHint: 'apt-get install podman (npm run setup)' });
    imported = true;
    // Containerfiles FROM that image for the build tests: one that builds, one that fails on its COPY line.
    mkdirSync(join(dir, 'build'));
    writeFileSync(join(dir, 'build', 'app.conf'), 'listen = 8080\n');
    // (The tiny image is no known bootc base: the comment makes bootable treat the file as bootc, image checks included.)
    writeFileSync(join(dir, 'build', 'Containerfile.good'), `# bootable: bootc\nFROM ${image}\nCOPY app.conf /etc/app.conf\n`);
    writeFileSync(join(dir, 'build', 'Containerfile.broken'), `FROM ${image}\nCOPY does-not-exist /etc/x\n`);
    // A RUN that fails with a reason only its output gives, and prints a link that must stay plain text.
    writeFileSync(join(dir, 'build', 'Containerfile.failing'), `FROM ${localBase}\n`
      + `RUN echo 'installing httpd'; echo '[x](command:bootable.showOutput)' >&2; dnf install -y httpd\n`);
    // The minimal example for Build and Boot, named so that it does not activate the extension at startup.
    cpSync(join(root, 'examples/minimal'), join(dir, 'up'), { recursive: true });
    renameSync(join(dir, 'up', 'Containerfile'), join(dir, 'up', 'Containerfile.up'));
    // A web port, forwarded by the VM, for Copy VM Address and Open VM in Browser.
    appendFileSync(join(dir, 'up', 'Containerfile.up'), 'EXPOSE 80\n');
    return { dir, tmp, image, cleanup };
  } catch (err) {
    await cleanup();
    throw err;
  }
}
