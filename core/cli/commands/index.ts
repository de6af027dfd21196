// Every `bootable` subcommand, in the order `bootable help` lists them.
import type { CliCommand } from '../command';

export const commands: CliCommand[] = [];
