// Commands about the view and the output: Refresh, Show Output.
import type { Ctx } from '../ctx';
import type { CommandFactory } from './index';

export const factories: Record<string, CommandFactory> = {
  refresh: (ctx: Ctx) => async () => {
    (await import('../tree/deployments')).forgetDeployments(); // read the VMs' deployments from the guests again
      await Promise.all([...ctx.sections.values()].map((s) => s.refresh()));
    },
  showOutput: (ctx: Ctx) => () => ctx.output.show(true),
};
