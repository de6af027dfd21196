// Per-rule settings: a rule's effective severity, or undefined when it is switched off.
import type { RuleSettings, Severity } from './types';

export function effective(settings: RuleSettings, id: string, dflt: Severity): Severity | undefined {
  const s = settings[id];
  if (s === 'off') return undefined;
  return s ?? dflt;
}
