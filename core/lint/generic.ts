// dockerfile-utils' generic validation, fed the Dockerfile we already parsed: its validator calls
// DockerfileParser.parse(text) itself, and parsing is most of its cost, so for the duration of the call that
// function answers with our parse of the same text. If the module layout ever changes, the patch simply has
// no effect and the text is parsed twice (slower, still correct).
import { DockerfileParser } from 'dockerfile-ast';
import type { Dockerfile } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';
import type { Diagnostic } from 'vscode-languageserver-types';

type Parser = { parse(content: string): Dockerfile };

export function validateParsed(text: string, dockerfile: Dockerfile | undefined): Diagnostic[] {
  const parser = DockerfileParser as Parser;
  const original = parser.parse;
  if (!dockerfile || !Object.getOwnPropertyDescriptor(parser, 'parse')?.writable) return validate(text);
  parser.parse = (content: string) => (content === text ? dockerfile : original(content));
  try {
    return validate(text);
  } finally {
    parser.parse = original;
  }
}
