// /usr/lib/bootc/kargs.d/*.toml: `kargs` (array of strings, required) and optional `match-architectures`.
// bootc refuses the image (lint bootc-kargs) when a file has other keys or wrong types.
import { checkArches, describe, isStringArray, locateKey, parseToml, type TomlProblem } from './problems';

export function validateKargsToml(text: string): TomlProblem[] {
  const parsed = parseToml(text);
  if (!parsed.ok) return [parsed.problem];
  const doc = parsed.value;
  const out: TomlProblem[] = [];
  for (const key of Object.keys(doc)) {
    if (key === 'kargs' || key === 'match-architectures') continue;
    const hint = key === 'match_architectures' ? ' (kargs.d files spell it match-architectures)'
      : key === 'install' ? ' (an [install] table belongs in /usr/lib/bootc/install/, not kargs.d)' : '';
    out.push({ message: `unknown key "${key}"${hint}; only kargs and match-architectures are allowed`, ...locateKey(text, key),
      ...(key === 'match_architectures' ? { replace: { from: key, to: 'match-architectures' } } : {}) });
  }
  if (!('kargs' in doc)) {
    out.push({ message: 'missing required key "kargs" (an array of strings)', line: 1, col: 1 });
  } else if (!isStringArray(doc.kargs)) {
    out.push({ message: `kargs must be an array of strings, got ${describe(doc.kargs)}`, ...locateKey(text, 'kargs') });
  } else {
    for (const k of doc.kargs) {
      if (k.trim() === '' || /\s/.test(k.trim())) {
        out.push({ message: `kargs entry "${k}" must be one argument without spaces (use one string per argument)`, ...locateKey(text, 'kargs') });
      }
    }
  }
  if ('match-architectures' in doc) checkArches(text, 'match-architectures', doc['match-architectures'], out);
  return out;
}
