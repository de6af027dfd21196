import { finding, imageCommands } from '../shell-commands';
import type { ContainerfileRule, RuleFinding } from '../types';

export const chcon: ContainerfileRule = {
  kind: 'containerfile',
  id: 'chcon',
  severity: 'warning',
  summary: '`chcon` labels do not survive into the deployed system.',
  docs: `SELinux labels of a bootc deployment are computed from the policy when the image is deployed; labels set
with \`chcon\` during the build are lost. Add a file-context rule so the policy labels the path:

\`\`\`dockerfile
RUN semanage fcontext -a -t httpd_sys_content_t '/usr/share/myapp(/.*)?'
\`\`\``,
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const [cmd] of imageCommands(ctx)) {
      if (cmd.name === 'chcon') out.push(finding(ctx, cmd.words[0], '`chcon` labels are lost on deployment; use `semanage fcontext` to add a file-context rule'));
    }
    return out;
  },
};
