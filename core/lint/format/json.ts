// Machine output: the findings as a JSON array (positions 0-based, LSP style, as in the API).
import type { Finding } from '../types';

export function formatJson(findings: readonly Finding[]): string {
  return JSON.stringify(findings, null, 2) + '\n';
}
