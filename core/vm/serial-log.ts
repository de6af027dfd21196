// The guest's serial console, logged to a file by libvirt: the last lines go into boot errors and `vm console`.
import { open } from 'node:fs/promises';

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][A-Za-z0-9]|\x1b[@-Z\\-_=>]/g;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f]/g;

/** Terminal escapes and control characters removed, so firmware/console noise reads as text. */
export function cleanSerialText(text: string): string {
  return text.replace(/\r\n/g, '\n').replace(ANSI, '').replace(/\r/g, '\n').replace(CONTROL, '');
}

export function lastLines(text: string, count: number): string[] {
  return cleanSerialText(text).split('\n').map((l) => l.trimEnd()).filter((l) => l.trim() !== '').slice(-count);
}

/** The last `count` non-empty lines of the log (reads at most the last 64 KiB); [] when there is no log yet. */
export async function tailSerialLog(path: string, count = 20): Promise<string[]> {
  let fh;
  try { fh = await open(path, 'r'); } catch { return []; }
  try {
    const { size } = await fh.stat();
    const len = Math.min(size, 64 * 1024);
    const buf = Buffer.alloc(len);
    await fh.read(buf, 0, len, size - len);
    return lastLines(buf.toString('utf8'), count);
  } finally {
    await fh.close();
  }
}
