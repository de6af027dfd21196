// Every image rule, in the order they are listed. bootc's names are kept where the meaning is the same.
import type { ImageRule } from '../types';
import { apiBaseDirectories } from './api-base-directories';
import { baseimageComposefs } from './baseimage-composefs';
import { baseImage } from './base-image';
import { baseimageRoot } from './baseimage-root';
import { installConfig } from './install-config';
import { bootcKargs } from './bootc-kargs';
import { bootcLabel } from './bootc-label';
import { buildahInjected } from './buildah-injected';
import { etcUsretc } from './etc-usretc';
import { kernel } from './kernel';
import { kernelInitramfs } from './kernel-initramfs';
import { noKernel } from './no-kernel';
import { nonemptyBoot } from './nonempty-boot';
import { nonemptyRunTmp } from './nonempty-run-tmp';
import { sysusers } from './sysusers';
import { utf8 } from './utf8';
import { varLog } from './var-log';
import { varRun } from './var-run';
import { varTmpfiles } from './var-tmpfiles';

export const imageRules: ImageRule[] = [
  // bootc's fatal lints
  apiBaseDirectories, baseimageRoot, bootcKargs, etcUsretc, kernel, utf8, varRun,
  // bootc's warnings
  baseimageComposefs, buildahInjected, nonemptyBoot, nonemptyRunTmp, sysusers, varLog, varTmpfiles,
  // bootable's additions: what an image needs to boot at all
  noKernel, kernelInitramfs, bootcLabel, installConfig,
  // the note that gathers the base image's findings (base-note.ts)
  baseImage,
];
