// Which Containerfile instruction made which layer: the image history has one entry per instruction of the
// final stage (buildah marks non-RUN ones "#(nop) KEYWORD"), newest last, so the two lists align from the end.
import type { Range } from '../types';
import type { InstructionRef } from '../../podman/steps';
import type { HistoryEntry } from './tree';

/** Does a history entry look like it was made by this instruction? */
export function historyMatches(entry: HistoryEntry, inst: InstructionRef): boolean {
  const nop = /#\(nop\)\s+([A-Za-z]+)/.exec(entry.createdBy);
  if (inst.keyword === 'RUN') return !nop;
  return !!nop && nop[1]!.toUpperCase() === inst.keyword;
}

/** layer index → the final-stage instruction that created it. Layers not in the map come from the base image. */
export function layerInstructions(history: readonly HistoryEntry[], finalStage: readonly InstructionRef[]):
  Map<number, InstructionRef> {
  const map = new Map<number, InstructionRef>();
  const own = finalStage.slice(1); // after FROM
  for (let i = 1; i <= own.length && i <= history.length; i++) {
    const h = history[history.length - i]!;
    const inst = own[own.length - i]!;
    if (!historyMatches(h, inst)) break; // out of step (e.g. a squashed build): blame the rest on FROM
    if (h.layer !== undefined) map.set(h.layer, inst);
  }
  return map;
}

/** The first line of an instruction: where a diagnostic goes without underlining a whole multi-line RUN. */
export function firstLineRange(inst: InstructionRef, text: string): Range {
  const line = inst.range.start.line;
  const lineText = text.split('\n')[line] ?? '';
  const end = inst.range.end.line === line ? inst.range.end.character : lineText.replace(/\s*\\?\s*$/, '').length;
  return { start: { line, character: inst.range.start.character }, end: { line, character: end } };
}
