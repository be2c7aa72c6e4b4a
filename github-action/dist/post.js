'use strict';
// Post step: remove the job-private config directory. Nothing to do (and no Java needed) when the main step
// saved no state, e.g. because it failed before writing anything.
if (process.env.STATE_acr_login_dir) {
  process.exitCode = require('./java.js').runPhase('post');
}
