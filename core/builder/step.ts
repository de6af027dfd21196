// A build step as data (as osbuild's stages): a name, a title, a weight for the progress bar, the inputs it
// takes from the plan, and the function that does it. The plan stores every step's inputs, so `--plan` shows
// exactly what will run; build.ts only loops over the plan. Adding a step is one file in steps/ plus one line in
// steps/index.ts.
import type { BuildContext } from './context';
import type { Plan } from './types';

/** Everything planDisk decides before it lists the steps. */
export type PlanDraft = Omit<Plan, 'steps'>;

export interface Step<I = unknown> {
  /** Registry key and the plan's step name (a step that runs once per output adds a label: `convert-qcow2`). */
  name: string;
  /** Relative cost, for the progress fraction (measured on a 700 MB image). */
  weight: number;
  title(inputs: I): string;
  /** The inputs of each run of this step in this plan (plain JSON): [] when it does not apply. */
  inputs(plan: PlanDraft): I[];
  /** Told apart in the plan when a step runs more than once. */
  label?(inputs: I): string;
  /** The image's files are no longer needed after this step: the build releases podman's mount. */
  releasesImage?: boolean;
  run(ctx: BuildContext, inputs: I): Promise<void>;
}

/** Keeps each step's own input type while the registry holds them together. */
export const defineStep = <I>(step: Step<I>): Step<unknown> => step as Step<unknown>;
