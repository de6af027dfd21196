// Commands about the view and the output: Refresh, Show Output.
import type { Ctx } from '../ctx';
import type { CommandFactory } from './index';

export const factories: Record<string, CommandFactory> = {
  refresh: (ctx: Ctx) => async () => {
      await Promise.all([...ctx.sections.values()].map((s) => s.refresh()));
    },
  showOutput: (ctx: Ctx) => () => ctx.output.show(true),
};
