// The action's entry point (bundled to dist/index.js). Everything, including reading the
// event and building the API client, happens inside runAction, so importing has no effects.

import { runAction } from './github/run.js';

void runAction(process.env);
