// Which images podman has mounted (`podman image mount` without arguments). Its plain listing prints the
// repository name and `…/overlay/<top layer>/merged`, never the image ID: the JSON listing has the ID.
import { run } from '../../core/util/process';

export async function mountedImageIds(): Promise<string[]> {
  const { stdout } = await run(['podman', 'image', 'mount', '--format', 'json']);
  return (JSON.parse(stdout || '[]') as { id: string }[]).map((m) => m.id);
}

export async function imageId(image: string): Promise<string> {
  return (await run(['podman', 'image', 'inspect', '--format', '{{.Id}}', image])).stdout.trim();
}
