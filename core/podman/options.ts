// The options podman builds take from the user (`bootable build`, `bootable up`, the editor's `bootable.podman.*`
// settings): declared once here; the CLI's flags and usage and the settings schema come from this.
import { pathOption, repeatable, stringOption, type OptionValues } from '../options';

export const podmanOptions = {
  connection: stringOption({
    flag: 'connection', arg: 'NAME', doc: 'use a podman system connection (remote podman)',
    setting: {
      key: 'podman.connection', scope: 'machine-overridable',
      description: 'podman system connection to build and run on (`podman --connection NAME`). Empty = the local podman.',
    },
  }),
};

/** `podman build`'s options besides the Containerfile. */
export const buildOptions = {
  tag: stringOption({ flag: 'tag', short: 't', arg: 'TAG', doc: 'name the image' }),
  buildArgs: repeatable(stringOption({ flag: 'build-arg', arg: 'KEY=VALUE', doc: 'passed to podman build (repeatable)' })),
  context: pathOption({ flag: 'context', arg: 'DIR', doc: 'build context directory (default: the Containerfile\'s directory)' }),
  ...podmanOptions,
};

export type BuildOptionValues = OptionValues<typeof buildOptions>;
