// Entry module for VS Code's extensionTestsPath: registers the suites in order and runs them.
// (Order matters: activation first, before anything opens a Containerfile.)
import './activation.suite';
import './commands.suite';
import './lint.suite';
import './bootc-scope.suite';
import './screens.suite';
import './units.suite';
import './tree.suite';
import './view.suite';
import './images.suite';
import './containers.suite';
import './build.suite';
import './disk-config.suite';
import './preflight.suite';
import './up.suite';
import { runAll } from './runner';

export function run(): Promise<void> {
  return runAll();
}
