// Maps podman build output to the Containerfile: `STEP N/M:` lines become progress, and a step becomes the
// instruction (and line) it runs, so a failing build can put its error on the right line.
import { DockerfileParser } from 'dockerfile-ast';
import type { Range } from '../lint/types';

export interface InstructionRef {
  /** 0-based stage index. */
  stage: number;
  /** 0-based index within the stage; 0 is the FROM. */
  index: number;
  keyword: string;
  /** The instruction as written (continuation lines joined by the parser). */
  text: string;
  range: Range;
}

/** The Containerfile's instructions grouped by stage, each stage starting with its FROM (ARGs before the first FROM are not steps). */
export function containerfileStages(text: string): InstructionRef[][] {
  const dockerfile = DockerfileParser.parse(text);
  const stages: InstructionRef[][] = [];
  for (const inst of dockerfile.getInstructions()) {
    const keyword = inst.getKeyword().toUpperCase();
    if (keyword === 'FROM') stages.push([]);
    const stage = stages[stages.length - 1];
    if (!stage) continue;
    const r = inst.getRange();
    stage.push({
      stage: stages.length - 1,
      index: stage.length,
      keyword,
      text: text.split('\n').slice(r.start.line, r.end.line + 1).join('\n'),
      range: { start: { ...r.start }, end: { ...r.end } },
    });
  }
  return stages;
}

export interface StepLine {
  /** 1-based stage and stage count (1/1 when podman prints no `[k/S]` prefix). */
  stage: number;
  stages: number;
  /** 1-based step within the stage and the stage's step count. */
  step: number;
  of: number;
  /** The instruction podman prints after the colon. */
  instruction: string;
}

const STEP_RE = /^(?:\[(\d+)\/(\d+)\] )?STEP (\d+)\/(\d+): (.*)$/;

export function parseStepLine(line: string): StepLine | undefined {
  const m = STEP_RE.exec(line);
  if (!m) return undefined;
  return {
    stage: m[1] ? Number(m[1]) : 1,
    stages: m[2] ? Number(m[2]) : 1,
    step: Number(m[3]),
    of: Number(m[4]),
    instruction: m[5]!,
  };
}

export function instructionForStep(stages: InstructionRef[][], s: StepLine): InstructionRef | undefined {
  return stages[s.stage - 1]?.[s.step - 1];
}

/** Overall position of a step across all stages, for one progress bar over a multi-stage build. */
export function overallStep(stages: InstructionRef[][], s: StepLine): { step: number; of: number } {
  const before = stages.slice(0, s.stage - 1).reduce((n, st) => n + st.length, 0);
  const total = stages.length === s.stages ? stages.reduce((n, st) => n + st.length, 0) : s.of;
  return stages.length === s.stages ? { step: before + s.step, of: total } : { step: s.step, of: s.of };
}

/** podman's own message for a failed step: the last `Error: …` line, else the last non-empty line. */
export function buildErrorMessage(lines: readonly string[]): string {
  const errors = lines.filter((l) => /^Error: /.test(l));
  const last = errors.pop() ?? [...lines].reverse().find((l) => l.trim() !== '') ?? 'podman build failed';
  return last.replace(/^Error: /, '');
}
