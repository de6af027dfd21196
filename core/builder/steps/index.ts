// The builder's steps, in the order a build runs them. A step that does not apply to a plan (another mode)
// returns no inputs and is left out of it.
import type { Step } from '../step';
import { exportRootfsStep } from './export-rootfs';
import { preparePlainStep } from './prepare-plain';
import { prepareOstreeStep } from './prepare-ostree';
import { prepareBootcStep } from './prepare-bootc';
import { usersStep } from './users';
import { bootEntriesStep } from './boot-entries';
import { partitionStep } from './partition';
import { mkfsBootStep, mkfsRootStep } from './mkfs';
import { espStep } from './esp';
import { grubBiosStep } from './grub-bios';
import { convertStep } from './convert';
import { filesStep } from './files';
import { mkfsDataStep, splitDataStep } from './data-partitions';

export const steps: readonly Step[] = [
  exportRootfsStep,
  preparePlainStep,
  prepareOstreeStep,
  prepareBootcStep,
  usersStep,
  filesStep,
  bootEntriesStep,
  partitionStep,
  splitDataStep,
  mkfsDataStep,
  mkfsRootStep,
  mkfsBootStep,
  espStep,
  grubBiosStep,
  convertStep,
];

export function stepByName(name: string): Step | undefined {
  return steps.find((s) => s.name === name);
}
