// A step's id is its name plus a hash of its inputs (as osbuild does): same inputs, same id.
import { createHash } from 'node:crypto';

export function stepId(name: string, inputs: unknown): string {
  return `${name}-${createHash('sha256').update(JSON.stringify(inputs)).digest('hex').slice(0, 12)}`;
}
