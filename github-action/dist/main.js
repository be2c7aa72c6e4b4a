'use strict';
// Main step of the action: log in (see java.js for how Java is found and started).
process.exitCode = require('./java.js').runPhase('main');
