// The editor's `bootable.*` settings, derived from the option descriptors (core/*/options.ts) and the rule
// catalogue: package.json's `contributes.configuration` must equal settingsSchema() (test/core/settings.test.ts),
// and client/config.ts reads each setting through its option's validator.
import { displayDefault, readOptions, type Option, type Options, type OptionValues } from './options';
import { diskOptions } from './builder/options';
import { podmanOptions } from './podman/options';
import { vmOptions } from './vm/options';
import { documentedRules } from './lint/catalogue';
import { ruleSeverities } from './lint/options';
import { bootcModes } from './lint/bootc-detect';

/** Every module whose options can be settings, by the group client/config.ts returns them in. */
export const settingGroups = { podman: podmanOptions, disk: diskOptions, vm: vmOptions };

/** Settings that belong to no option (the language server reads them). */
const serverSettings: Record<string, object> = {
  'bootable.lint.enable': {
    type: 'boolean',
    default: true,
    description: 'Lint Containerfiles and bootc TOML files as you type.',
  },
  'bootable.lint.bootc': {
    type: 'string',
    enum: [...bootcModes],
    default: 'auto',
    enumDescriptions: [
      'Detect per file: a bootc base (or a stage built from one), bootc labels, `bootc container lint`, or a `# bootable: bootc` comment.',
      'Treat every Containerfile as a bootc image.',
      'Treat every Containerfile as an ordinary Dockerfile: generic checks only, no bootc rules or actions.',
    ],
    description: 'Which Containerfiles get the bootc rules, CodeLens and actions.',
  },
};

/** One option's JSON schema entry; an option with no default gets '' = "not set, the module decides". */
export function settingSchema(o: Option): Record<string, unknown> {
  const s = o.setting!;
  const d = displayDefault(o);
  const entry: Record<string, unknown> = {};
  if (o.kind === 'integer') Object.assign(entry, { type: 'number', default: d, minimum: o.min, maximum: o.max });
  else if (o.kind === 'boolean') Object.assign(entry, { type: 'boolean', default: d ?? false });
  else if (o.kind === 'enum') Object.assign(entry, { type: 'string', enum: d === undefined ? ['', ...o.values!] : [...o.values!], default: d ?? '' });
  else Object.assign(entry, { type: 'string', default: d ?? '' });
  if (s.scope) entry.scope = s.scope;
  entry.description = s.description;
  return entry;
}

/** `bootable.lint.rules`: one property per rule of the catalogue, each a severity or off. */
export function ruleSettingsSchema(): Record<string, unknown> {
  const severity = { type: 'string', enum: [...ruleSeverities] };
  return {
    type: 'object',
    default: {},
    properties: Object.fromEntries(documentedRules().map((r) => [r.id, { ...severity, description: `${r.summary} (default: ${r.severity})` }])),
    // dockerfile-utils' numeric codes can be set too.
    patternProperties: { '^[0-9]+$': severity },
    additionalProperties: false,
    markdownDescription: 'Severity per lint rule id (`error`, `warning`, `info`, `hint`) or `off`, e.g. `{ "unpinned-base": "off" }`. Rules are documented in docs/rules/.',
  };
}

/** package.json's `contributes.configuration.properties`, in order. */
export function settingsSchema(groups: Record<string, Options> = settingGroups): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const d of Object.values(groups)) {
    for (const o of Object.values(d)) if (o.setting) out[`bootable.${o.setting.key}`] = settingSchema(o);
  }
  return { ...out, ...serverSettings, 'bootable.lint.rules': ruleSettingsSchema() };
}

/**
 * One module's settings as its input fields, each through its option's validator. Settings are untrusted
 * (a workspace can set them): unset, empty or invalid values are left out, so the module's default applies.
 */
export function readSettings<D extends Options>(get: (key: string) => unknown, d: D, base: string): OptionValues<D> {
  return readOptions(d, (_key, o) => {
    if (!o.setting) return undefined;
    const v = get(o.setting.key);
    const raw = typeof v === 'string' ? v.trim() : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
    if (!raw) return undefined;
    try {
      o.parse(raw, base);
      return raw;
    } catch {
      return undefined;
    }
  }, base);
}
