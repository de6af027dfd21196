// The lint options other commands take from the user (`bootable lint --rule`, `bootable up --rule/--force`):
// declared once here, validated against the rule catalogue.
import { UsageError } from '../errors';
import { booleanOption, repeatable, type Option } from '../options';
import { isRuleId } from './catalogue';
import { severities, type Severity } from './types';

/** What one rule can be set to. */
export const ruleSeverities: readonly (Severity | 'off')[] = [...severities, 'off'];

/** `--rule ID=SEVERITY`: one rule's setting, as an [id, severity] pair. */
export const ruleOption: Option<[string, Severity | 'off']> = {
  kind: 'string', flag: 'rule', arg: 'ID=SEVERITY', doc: 'error, warning, info, hint or off for one rule (repeatable)',
  parse(raw) {
    const m = /^([\w.-]+)=(\w+)$/.exec(raw);
    if (!m || !(ruleSeverities as readonly string[]).includes(m[2])) throw new UsageError(`--rule ${raw}: expected ID=${ruleSeverities.join('|')}`);
    if (!isRuleId(m[1])) throw new UsageError(`--rule ${m[1]}: unknown rule`, { hint: 'see `bootable lint --list-rules`' });
    return [m[1], m[2] as Severity | 'off'];
  },
};

export const lintOptions = {
  rules: repeatable(ruleOption),
  force: booleanOption({ flag: 'force', doc: 'go on despite lint errors' }),
};
