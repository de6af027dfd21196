// The lint vocabulary shared by the CLI, the language server and the image checks.
// Positions are LSP-style (0-based line and UTF-16 character) so the server maps them 1:1.

export type Severity = 'error' | 'warning' | 'info' | 'hint';
/** Most severe first: the order LSP and VS Code number their diagnostic severities in (LSP from 1, VS Code from 0). */
export const severities: readonly Severity[] = ['error', 'warning', 'info', 'hint'];

export interface Position { line: number; character: number }
export interface Range { start: Position; end: Position }

export interface TextEdit { range: Range; newText: string }

/** A quick fix: a title and the edits that carry it out. `safe` fixes are applied by `bootable lint --fix`. */
export interface Fix { title: string; edits: TextEdit[]; safe: boolean }

/** What a rule reports; the linter adds rule id and effective severity. */
export interface RuleFinding { range: Range; message: string; fixes?: Fix[] }

/** A finding's detail at another place (LSP relatedInformation): e.g. each base-image finding inside the base note. */
export interface Related { range: Range; message: string }

export interface Finding extends RuleFinding {
  ruleId: string;
  severity: Severity;
  /** 'bootable' for bootc rules, 'dockerfile-utils' for generic Dockerfile validation. */
  source: 'bootable' | 'dockerfile-utils';
  file?: string;
  /** Details shown under the finding (the editor makes them expandable). */
  related?: Related[];
}

/** Reads a file from the build context (for rules that validate COPY sources). undefined = not readable. */
export type ContextReader = (relativePath: string) => string | undefined;

/** Everything a Containerfile rule may look at (stages, RUN commands, COPY targets): built once per lint. */
export type { ContainerfileContext } from './containerfile';
import type { ContainerfileContext } from './containerfile';

export interface ContainerfileRule {
  kind: 'containerfile';
  /** kebab-case, stable: it is the diagnostic code, the setting key and the suppression name. */
  id: string;
  severity: Severity;
  /** One line, shown in listings. */
  summary: string;
  /** Markdown: why it matters on a bootc system and what to do instead. Shown on hover and in docs/rules/. */
  docs: string;
  /** Some findings carry a quick fix (core/lint/catalogue.ts lists it). */
  fixable?: boolean;
  /** For docs, when it checks more than the Containerfile (default "Containerfile"). */
  appliesTo?: string;
  check(ctx: ContainerfileContext): RuleFinding[];
}

/** Per-rule configuration: a severity, or 'off'. */
export type RuleSettings = Record<string, Severity | 'off'>;
