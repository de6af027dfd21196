// Local images podman says are bootc (labelled containers.bootc=1 / ostree.bootable), as the client reports them:
// a Containerfile FROM one of them is bootc even under an unknown name. The client asks podman (the server never
// runs podman) and sends `bootable/bootcImages` with the names; the list is data like any other client input, so
// only well-formed names are kept, a bounded number of them.
export const bootcImagesNotification = 'bootable/bootcImages';

const maxImages = 2000;
const imageName = /^[a-z0-9][a-z0-9._/:@-]{0,254}$/;

export function parseBootcImages(params: unknown): string[] | undefined {
  const images = (params as { images?: unknown } | null | undefined)?.images;
  if (!Array.isArray(images)) return undefined;
  return images.filter((i): i is string => typeof i === 'string' && imageName.test(i)).slice(0, maxImages);
}
