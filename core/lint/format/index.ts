// Output formats for lint findings (Containerfile, TOML and image findings alike): pure functions over Finding[].
export { formatText, summarize } from './text';
export { formatJson } from './json';
export { formatSarif, sarifLog, type RuleDescriptor, type SarifOptions } from './sarif';
