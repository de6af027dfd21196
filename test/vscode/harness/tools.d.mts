export interface VsCodeTools { dir: string; node24: string; codeServer: string; chromium: string; playwright: string }
export function toolsDir(): string;
export function findTools(): VsCodeTools;
export function loadChromium(tools: VsCodeTools): any;
export const chromiumArgs: string[];
