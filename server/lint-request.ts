// What the server asks the linter, as plain data (it crosses into the lint worker thread), and the synchronous
// lint that answers it. Kept free of LSP types so the worker loads nothing it does not need.
import { lintBootcToml, lintContainerfile } from '../core/lint';
import type { Finding, RuleSettings } from '../core/lint/types';
import { dirname } from 'node:path';
import { contextReader } from '../core/lint/context-reader';
import type { DocumentKind } from './document-kind';

export interface LintRequest {
  kind: DocumentKind;
  text: string;
  /** File-system path of the document (build context for COPY sources); undefined for untitled documents. */
  path?: string;
  uri: string;
  rules: RuleSettings;
  /** false = the bootc rules only, without dockerfile-utils' generic validation (the fallback after a timeout). */
  generic: boolean;
}

export function runLint(request: LintRequest): Finding[] {
  return request.kind === 'containerfile'
    ? lintContainerfile(request.text, { settings: request.rules, readContext: request.path === undefined ? undefined : contextReader(dirname(request.path)), generic: request.generic })
    : lintBootcToml(request.path ?? request.uri, request.text, { settings: request.rules });
}
