// A step's id is its name plus a hash of its inputs (as osbuild does): same inputs, same id. The hash is keyed
// with the per-machine cache secret, so an id says nothing about the config to someone without it.
import { createHmac } from 'node:crypto';

export function stepId(name: string, inputs: unknown, secret: string): string {
  return `${name}-${createHmac('sha256', secret).update(JSON.stringify([name, inputs])).digest('hex').slice(0, 12)}`;
}
