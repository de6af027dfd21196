// Commands about the view and the output: Refresh, Show Output.
import type { CommandSpec } from './index';

export const viewCommands: CommandSpec[] = [
  {
    id: 'refresh', title: 'Refresh', trusted: false,
    factory: (ctx) => async () => {
      await Promise.all([...ctx.sections.values()].map((s) => s.refresh()));
    },
  },
  {
    id: 'showOutput', title: 'Show Output', trusted: false,
    factory: (ctx) => () => ctx.output.show(true),
  },
];
