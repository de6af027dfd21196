// What the server asks the linter, as plain data (it crosses into the lint worker thread), and the synchronous
// lint that answers it. Kept free of LSP types so the worker loads nothing it does not need.
import { lintBootcToml } from '../core/lint';
import { detectBootc, type BootcMode } from '../core/lint/bootc-detect';
import { lintWithRules } from '../core/lint/lint';
import { containerfileRules } from '../core/lint/rules/index';
import type { Finding, RuleSettings } from '../core/lint/types';
import { dirname } from 'node:path';
import { contextReader } from '../core/lint/context-reader';
import type { DocumentKind } from './document-kind';
import { lintBibConfig } from './bib-config/lint';

export interface LintRequest {
  kind: DocumentKind;
  text: string;
  /** File-system path of the document (build context for COPY sources); undefined for untitled documents. */
  path?: string;
  uri: string;
  rules: RuleSettings;
  /** false = the bootc rules only, without dockerfile-utils' generic validation (the fallback after a timeout). */
  generic: boolean;
  /** Whether the bootc rules apply: decided from the text ('auto'), or forced by the user's setting. */
  bootc: BootcMode;
  /** Local images known to be bootc by their labels (the client asks podman). */
  bootcImages?: string[];
}

/** Containerfiles that are not bootc images (an ordinary app Dockerfile) get the generic validation only. */
export function runLint(request: LintRequest): Finding[] {
  if (request.kind === 'bib-config') return lintBibConfig(request.path ?? request.uri, request.text, request.rules);
  if (request.kind !== 'containerfile') return lintBootcToml(request.path ?? request.uri, request.text, { settings: request.rules });
  const rules = detectBootc(request.text, { force: request.bootc, bootcImages: request.bootcImages }).bootc ? containerfileRules : [];
  const readContext = request.path === undefined ? undefined : contextReader(dirname(request.path));
  return lintWithRules(rules, request.text, { settings: request.rules, readContext, generic: request.generic });
}
