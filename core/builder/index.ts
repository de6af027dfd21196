// The embedded image builder: a bootable disk from a bootc container image, on plain files.
export { buildDisk, planForImage, type BuildDiskInput, type BuildDiskOptions, type BuildDiskResult } from './build';
export { planDisk, type PlanInput } from './plan';
export { loadConfig, parseConfigText } from './config/load';
export type { BuilderConfig } from './config/types';
export * from './types';
