// What a FROM reference says about the base image.
import { BASE_IMAGE } from '../base/recipe';
import type { ContainerfileContext, Stage } from './containerfile';

/** Repository part of an image reference: without tag and digest, lower-cased. */
export function repository(image: string): string {
  let r = image;
  const at = r.indexOf('@');
  if (at >= 0) r = r.slice(0, at);
  const slash = r.lastIndexOf('/');
  const colon = r.lastIndexOf(':');
  if (colon > slash) r = r.slice(0, colon);
  return r.toLowerCase();
}

/** The FROM image still contains $VARS we could not resolve, or is not a registry reference. */
export function isUnresolved(image: string): boolean {
  // Image names are lower-case; an upper-case name is a template placeholder (FROM UPSTREAM_IMAGE).
  return image === '' || /[A-Z]/.test(repository(image).length ? image.split(/[:@]/)[0] : image) || image.includes('$') || /^[a-z-]+:(?!\d)[./]/.test(image) || /^[a-z]+-archive:|^oci:|^containers-storage:|^docker-daemon:/.test(image);
}

/** Known bootc base images: fedora/centos/rhel bootc, Universal Blue, bootc dev images, our own local base. */
export function isKnownBootcBase(image: string): boolean {
  const repo = repository(image);
  const last = repo.slice(repo.lastIndexOf('/') + 1);
  if (last.includes('image-builder')) return false;
  return /bootc/.test(last) || repo.includes('ublue-os/') || repo.includes('projectbluefin/') || last === 'fedora-coreos'
    || last.startsWith('bootable-base') || /(^|\/)rhel\d*\/rhel-bootc/.test(repo);
}

/**
 * Known bootc bases without a bootc binary: bootable's own Debian base (Debian 12 packages no bootc). There a
 * `RUN bootc container lint` fails the build; `bootable lint --image` runs the same checks from the host.
 */
export function lacksBootcBinary(image: string): boolean {
  return repository(image) === repository(BASE_IMAGE);
}

export function isFedoraBootc(image: string): boolean {
  return /(^|\/)fedora-bootc$/.test(repository(image));
}

/** The stage at the root of the final image's chain (its FROM names a real image, not a stage). */
export function rootStage(ctx: ContainerfileContext): Stage | undefined {
  return ctx.imageStages[0];
}

/** The final image declares itself bootable by label. */
export function hasBootcLabel(ctx: ContainerfileContext): boolean {
  const v = ctx.labels.get('containers.bootc') ?? ctx.labels.get('ostree.bootable');
  return v !== undefined && /^(1|true)$/i.test(v.replace(/^["']|["']$/g, ''));
}
