// The catalogue of Containerfile rules, in the order they are documented. One file per rule.
import type { ContainerfileRule } from '../types';
import { alternatives } from './alternatives';
import { authorizedKeys } from './authorized-keys';
import { bootContent } from './boot-content';
import { builderConfig } from './builder-config';
import { buildahInjectedRun } from './buildah-injected';
import { chcon } from './chcon';
import { cmdNotInit } from './cmd-not-init';
import { extraKernel } from './extra-kernel';
import { ignoredInstruction } from './ignored-instruction';
import { installConfig } from './install-config';
import { kargsToml } from './kargs-toml';
import { lintMissing } from './lint-missing';
import { literalPassword } from './literal-password';
import { nestedImagePull } from './nested-image-pull';
import { notBootcBase } from './not-bootc-base';
import { optWritable } from './opt-writable';
import { physicallyBoundImage } from './physically-bound-image';
import { ostreeCommitObsolete } from './ostree-commit-obsolete';
import { pkgCache } from './pkg-cache';
import { pkgUpgrade } from './pkg-upgrade';
import { rootfsUndeclared } from './rootfs-undeclared';
import { runTmpContent } from './run-tmp-content';
import { systemctlStart } from './systemctl-start';
import { toolchainInFinal } from './toolchain-in-final';
import { unpinnedBase } from './unpinned-base';
import { useradd } from './useradd';
import { usrEtc } from './usr-etc';
import { varContent } from './var-content';
import { varRunDir } from './var-run-dir';

export const containerfileRules: readonly ContainerfileRule[] = [
  lintMissing,
  ostreeCommitObsolete,
  pkgUpgrade,
  pkgCache,
  varContent,
  usrEtc,
  bootContent,
  runTmpContent,
  buildahInjectedRun,
  varRunDir,
  useradd,
  literalPassword,
  authorizedKeys,
  ignoredInstruction,
  cmdNotInit,
  nestedImagePull,
  physicallyBoundImage,
  chcon,
  optWritable,
  kargsToml,
  installConfig,
  rootfsUndeclared,
  notBootcBase,
  unpinnedBase,
  extraKernel,
  systemctlStart,
  alternatives,
  toolchainInFinal,
  builderConfig,
];
