import { finding, imageCommands } from '../shell-commands';
import type { ContainerfileRule, RuleFinding } from '../types';

const VERBS = new Set(['--set', '--install', '--config', '--auto', '--remove', '--remove-all']);

export const alternatives: ContainerfileRule = {
  kind: 'containerfile',
  id: 'alternatives',
  severity: 'warning',
  summary: '`alternatives`/`update-alternatives` choices live partly in /var and do not follow image updates.',
  docs: `On Fedora-family systems the alternatives database is in /var/lib/alternatives, while the links are in
/etc/alternatives. bootc applies /var only on the first install, so a choice made by a later image version is
not seen by deployed systems (and the two halves can disagree). Prefer installing the one implementation you
want, or create the symlink yourself in /usr (e.g. \`ln -sf /usr/bin/vim /usr/local/bin/vi\` is not it either:
/usr/local is /var/usrlocal; use a package-provided path).`,
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const [cmd] of imageCommands(ctx)) {
      if (cmd.name !== 'alternatives' && cmd.name !== 'update-alternatives') continue;
      const verb = cmd.words.find((w) => VERBS.has(w.text));
      if (!verb) continue;
      out.push(finding(ctx, { start: cmd.words[0].start, end: verb.end }, `\`${cmd.name} ${verb.text}\` keeps state in /var/lib/alternatives, which bootc does not update; the choice may not reach deployed systems`));
    }
    return out;
  },
};
