// The server's settings: the `bootable` section of the client configuration
// (`bootable.lint.enable`, `bootable.lint.rules`). Input comes from untrusted JSON (workspace/configuration,
// didChangeConfiguration, initializationOptions), so it is validated here and bad values are dropped, not thrown.
import { bootcModes as bootcModeList, type BootcMode } from '../core/lint/bootc-detect';
import type { RuleSettings, Severity } from '../core/lint/types';
import { ruleSeverities } from '../core/lint/options';
import { isRuleId } from '../core/lint/catalogue';

export interface ServerSettings {
  /** false = publish no bootable diagnostics at all (generic Dockerfile ones included). */
  enable: boolean;
  /** rule id → severity or 'off'; rules not listed keep their default severity. */
  rules: RuleSettings;
  /** `bootable.lint.bootc`: whether the bootc rules apply — 'auto' (detected per file), 'bootc' or 'generic'. */
  bootc: BootcMode;
  /** `bootable.disk.config`: the disk-builder config file, which the server validates whatever its name. */
  diskConfig?: string;
}

export const defaultSettings: ServerSettings = { enable: true, rules: {}, bootc: 'auto' };
const bootcModes = new Set<BootcMode>(bootcModeList);

const ruleValues = new Set<Severity | 'off'>(ruleSeverities);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads the `bootable` section ({ lint: { enable, rules } }). Clients that flatten keys
 * ({ "lint.enable": …, "lint.rules": … }) are accepted too, since some editors send dotted names.
 * Returns undefined when the input holds no lint settings at all (so a caller can fall back).
 */
export function parseSettings(section: unknown): { settings: ServerSettings; problems: string[] } | undefined {
  if (!isObject(section)) return undefined;
  const lint = isObject(section.lint) ? section.lint : undefined;
  const enable = lint ? lint.enable : section['lint.enable'];
  const rules = lint ? lint.rules : section['lint.rules'];
  const bootc = lint ? lint.bootc : section['lint.bootc'];
  const disk = isObject(section.disk) ? section.disk.config : section['disk.config'];
  if (enable === undefined && rules === undefined && bootc === undefined && disk === undefined) return undefined;

  const problems: string[] = [];
  const settings: ServerSettings = { enable: true, rules: {}, bootc: 'auto' };
  if (typeof disk === 'string' && disk.length > 0 && disk.length < 4096) settings.diskConfig = disk;
  if (typeof bootc === 'string' && bootcModes.has(bootc as BootcMode)) settings.bootc = bootc as BootcMode;
  else if (bootc !== undefined && bootc !== null) problems.push(`bootable.lint.bootc must be one of auto, bootc, generic; got ${JSON.stringify(bootc)}`);
  if (typeof enable === 'boolean') settings.enable = enable;
  else if (enable !== undefined && enable !== null) problems.push(`bootable.lint.enable must be true or false, got ${JSON.stringify(enable)}`);
  if (isObject(rules)) {
    for (const [id, value] of Object.entries(rules)) {
      if (!isRuleId(id)) problems.push(`bootable.lint.rules.${id}: no such rule (see docs/rules/)`);
      else if (typeof value === 'string' && ruleValues.has(value as Severity | 'off')) settings.rules[id] = value as Severity | 'off';
      else problems.push(`bootable.lint.rules.${id} must be one of ${ruleSeverities.join(', ')}; got ${JSON.stringify(value)}`);
    }
  } else if (rules !== undefined && rules !== null) {
    problems.push(`bootable.lint.rules must be an object (rule id → severity or "off"), got ${JSON.stringify(rules)}`);
  }
  return { settings, problems };
}
