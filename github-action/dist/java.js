'use strict';
// Finds Java 17+ on the runner and runs the action's jar. Plain node, no npm dependencies: the runner executes this
// file straight from the action's checkout. Inputs reach java through the environment (INPUT_*), never argv.
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const MIN_MAJOR = 17;
const VERSION_TIMEOUT_MS = 30000;
const RUN_TIMEOUT_MS = 15 * 60 * 1000;
const JAR = path.join(__dirname, 'acr-login.jar');

// setup-java exports JAVA_HOME and JAVA_HOME_<major>_<ARCH>; hosted runner images preinstall the latter.
function candidateHomes(env) {
  const homes = [];
  if (env.JAVA_HOME) homes.push({ source: 'JAVA_HOME', home: env.JAVA_HOME });
  const versioned = Object.keys(env)
    .map((name) => /^JAVA_HOME_(\d+)_(X64|ARM64|AARCH64|X86)$/i.exec(name))
    .filter((m) => m && Number(m[1]) >= MIN_MAJOR)
    .sort((a, b) => Number(a[1]) - Number(b[1]));
  for (const m of versioned) homes.push({ source: m[0], home: env[m[0]] });
  return homes;
}

function javaInHome(home) {
  const exe = process.platform === 'win32' ? 'java.exe' : 'java';
  return path.join(home, 'bin', exe);
}

// `java -version` prints e.g. `openjdk version "17.0.15" 2025-04-15` or `java version "1.8.0_402"` on stderr.
function majorVersion(java) {
  const r = spawnSync(java, ['-version'], { encoding: 'utf8', timeout: VERSION_TIMEOUT_MS, windowsHide: true });
  if (r.error || r.status !== 0) return null;
  const m = /version "(\d+)(?:\.(\d+))?/.exec(`${r.stderr}${r.stdout}`);
  if (!m) return null;
  const first = Number(m[1]);
  return first === 1 && m[2] ? Number(m[2]) : first;
}

function findJava(env) {
  const rejected = [];
  const candidates = candidateHomes(env).map((c) => ({ source: c.source, java: javaInHome(c.home) }));
  candidates.push({ source: 'PATH', java: process.platform === 'win32' ? 'java.exe' : 'java' });
  for (const c of candidates) {
    if (c.source !== 'PATH' && !fs.existsSync(c.java)) {
      rejected.push(`${c.source}: ${c.java} does not exist`);
      continue;
    }
    const major = majorVersion(c.java);
    if (major === null) {
      rejected.push(`${c.source}: ${c.java} did not run`);
    } else if (major < MIN_MAJOR) {
      rejected.push(`${c.source}: ${c.java} is Java ${major}`);
    } else {
      return { java: c.java, major };
    }
  }
  return { rejected };
}

// Workflow-command escaping, as in @actions/core, so a multi-line message stays one annotation.
function escapeData(text) {
  return String(text).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/**
 * Runs the action's entry point in dist/acr-login.jar for one phase and returns its exit code.
 * @param {'main'|'post'} phase
 */
function runPhase(phase) {
  const found = findJava(process.env);
  if (!found.java) {
    const message = `acr-login needs Java ${MIN_MAJOR} or newer and found none `
      + `(looked at JAVA_HOME, JAVA_HOME_<version>_X64/ARM64 and PATH: ${found.rejected.join('; ')}). `
      + "Add a step before this one: uses: actions/setup-java with distribution: 'temurin' and "
      + "java-version: '17' (or newer), or set JAVA_HOME to a Java 17+ installation.";
    process.stdout.write(`::error title=Java ${MIN_MAJOR}+ not found::${escapeData(message)}\n`);
    return 1;
  }
  if (!fs.existsSync(JAR)) {
    process.stdout.write(`::error::${escapeData(`The action's jar is missing: ${JAR}. Use a released version of `
      + 'the action (a tag), whose dist/ folder contains acr-login.jar.')}\n`);
    return 1;
  }
  const env = { ...process.env, ACR_LOGIN_JAVA: found.java, ACR_LOGIN_JAR: JAR };
  const args = ['-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-cp', JAR, 'dev.acrbridge.action.ActionMain', phase];
  const r = spawnSync(found.java, args, { env, stdio: 'inherit', timeout: RUN_TIMEOUT_MS, windowsHide: true });
  if (r.error) {
    const why = r.error.code === 'ETIMEDOUT' ? `did not finish within ${RUN_TIMEOUT_MS / 60000} minutes` : r.error.message;
    process.stdout.write(`::error::${escapeData(`acr-login (${phase}) ${why}`)}\n`);
    return 1;
  }
  return r.status === null ? 1 : r.status;
}

module.exports = { runPhase, findJava, majorVersion };
