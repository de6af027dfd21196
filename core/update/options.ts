// The options of `bootable vm update` (and the editor's Update VM): declared once, as everywhere (core/options.ts).
import { booleanOption, stringOption } from '../options';
import { vmOptions } from '../vm/options';

export const updateOptions = {
  image: stringOption({ flag: 'image', arg: 'IMAGE', doc: 'update to this image from podman\'s storage instead of building a Containerfile' }),
  force: booleanOption({ flag: 'force', doc: 'build even when lint reports errors' }),
  /** The same flag and limits as boot's: how long the new deployment has to reach ready. */
  readyTimeoutMs: vmOptions.readyTimeoutMs,
};
