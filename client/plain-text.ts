// Notifications render `[label](command:…)`, `[label](https://…)` and `[label](file:…)` as links. Text that comes
// from outside (podman's stderr, a serial console line, a file name from the workspace) must be shown as the plain
// text it is, never as a link a click would run: a zero-width space between `]` and `(` keeps it readable and
// keeps VS Code's link syntax from matching.
export function plainText(text: string): string {
  return text.replace(/\]\(/g, ']\u200B(');
}
