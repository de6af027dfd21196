// Every `bootable` subcommand, in the order `bootable help` lists them.
import type { CliCommand } from '../command';
import { baseCommand } from './base';
import { buildCommand } from './build';
import { diskCommand } from './disk';
import { lintCommand } from './lint';
import { runCommand } from './run';
import { upCommand } from './up';
import { bootCommand } from './boot';
import { vmCommand } from './vm';
import { doctorCommand } from './doctor';
import { pruneCommand } from './prune';

export const commands: CliCommand[] = [
  upCommand,
  lintCommand,
  baseCommand,
  buildCommand,
  runCommand,
  diskCommand,
  bootCommand,
  vmCommand,
  pruneCommand,
  doctorCommand,
];
