// Findings the Containerfile cannot fix, gathered into one note on FROM: warnings and notes about the base image's
// own layers (or about a file that no layer has, like a missing prepare-root.conf), and the empty files podman
// leaves behind in a RUN layer (buildah-injected). Errors stay separate: an image that cannot boot must say so.
import type { Finding, Range, Related } from '../types';

export const BASE_NOTE_ID = 'base-image';

/** `fromBase(f)` says whether a finding is about the base rather than about one of the Containerfile's lines. */
export function groupBaseFindings(findings: Finding[], fromRange: Range, fromBase: (f: Finding) => boolean,
  severity: Finding['severity'] = 'info'): Finding[] {
  const grouped = findings.filter((f) => f.severity !== 'error' && fromBase(f));
  if (grouped.length === 0) return findings;
  const rest = findings.filter((f) => !grouped.includes(f));
  const counts = new Map<string, number>();
  for (const f of grouped) counts.set(f.ruleId, (counts.get(f.ruleId) ?? 0) + 1);
  const names = [...counts].map(([id, n]) => (n > 1 ? `${id} ×${n}` : id)).join(', ');
  const related: Related[] = grouped.map((f) => ({ range: f.range, message: `${f.ruleId} (${f.severity}): ${f.message.replace(/ \(from the base image\)$/, '')}` }));
  return [{
    ruleId: BASE_NOTE_ID, severity, source: 'bootable', file: grouped[0]!.file, range: fromRange, related,
    message: `${grouped.length} finding${grouped.length === 1 ? '' : 's'} of the base image or the container runtime, not of this Containerfile (${names}); fix them in the base image`,
  }, ...rest];
}
