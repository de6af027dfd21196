// podman lists an image once per tag, each entry with all of the image's names: flattening that shows each name
// N×N times. Here every name appears once, grouped by repository (as the Docker extension does). Pure: no vscode.
export interface ImageEntry { id: string; names: string[]; created: string; size: number }

export interface TaggedImage { ref: string; repository: string; tag: string; image: ImageEntry }

/** "repo[:tag]" → [repo, tag]; a digest reference keeps its digest as the tag. */
export function splitRef(ref: string): [string, string] {
  const at = ref.indexOf('@');
  if (at >= 0) return [ref.slice(0, at), ref.slice(at + 1)];
  const colon = ref.lastIndexOf(':');
  return colon > ref.lastIndexOf('/') ? [ref.slice(0, colon), ref.slice(colon + 1)] : [ref, 'latest'];
}

/** Each named reference once (dangling `<none>` names dropped), sorted by repository then tag. */
export function uniqueRefs(images: readonly ImageEntry[]): TaggedImage[] {
  const seen = new Map<string, TaggedImage>();
  for (const image of images) {
    for (const ref of image.names) {
      if (ref.includes('<none>') || seen.has(ref)) continue;
      const [repository, tag] = splitRef(ref);
      seen.set(ref, { ref, repository, tag, image });
    }
  }
  return [...seen.values()].sort((a, b) => a.repository.localeCompare(b.repository) || a.tag.localeCompare(b.tag));
}

/** Repository → its tags, in order. */
export function byRepository(refs: readonly TaggedImage[]): Map<string, TaggedImage[]> {
  const groups = new Map<string, TaggedImage[]>();
  for (const r of refs) groups.set(r.repository, [...(groups.get(r.repository) ?? []), r]);
  return groups;
}
