#!/usr/bin/env node
// Validates Kubernetes objects against pinned schemas: the Kubernetes 1.36 API (npm kubernetes-models 5.x) and the
// CRDs of Argo CD (@kubernetes-models/argo-cd) and prometheus-operator (@kubernetes-models/prometheus-operator).
// .ci/install-test-deps.sh installs them from .ci/schemas/package-lock.json. Usage:
//   node .ci/validate-manifests.mjs file.yaml [...]     (multi-document YAML, e.g. `kubectl kustomize` output)
// Prints `file: Kind/name: problem` for every object that fails, including kinds no schema covers; exits 1 on
// findings, 2 when the schemas are missing or a file cannot be read.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRequire } from "node:module";

const schemas = path.join(path.dirname(fileURLToPath(import.meta.url)), "schemas");
const resolve = createRequire(path.join(schemas, "package.json")).resolve;

async function load(name) {
  // The models are ESM packages; import them from .ci/schemas/node_modules whatever the working directory.
  const packageJson = resolve(`${name}/package.json`);
  return import(pathToFileURL(path.join(path.dirname(packageJson), "index.js")).href);
}

let packages;
try {
  packages = await Promise.all(["kubernetes-models", "@kubernetes-models/argo-cd", "@kubernetes-models/prometheus-operator"].map(load));
  packages.push(await import(pathToFileURL(resolve("yaml")).href));
} catch (error) {
  console.error(`validate-manifests: the schema packages are missing (${error.message}); run bash .ci/install-test-deps.sh`);
  process.exit(2);
}
const yaml = packages.pop();

// Every model class carries its apiVersion and kind as statics; index them by "apiVersion/kind".
const models = new Map();
function collect(namespace, seen = new Set()) {
  if (!namespace || seen.has(namespace)) return;
  seen.add(namespace);
  for (const value of Object.values(namespace)) {
    if (typeof value === "function" && typeof value.apiVersion === "string" && typeof value.kind === "string") {
      models.set(`${value.apiVersion}/${value.kind}`, value);
    } else if (value && typeof value === "object") {
      collect(value, seen);
    }
  }
}
packages.forEach((p) => collect(p));

function problems(object) {
  if (!object || typeof object !== "object" || Array.isArray(object)) return ["not a mapping"];
  const Model = models.get(`${object.apiVersion}/${object.kind}`);
  if (!Model) return [`no schema for apiVersion ${object.apiVersion} kind ${object.kind}`];
  try {
    new Model(object).validate();
    return [];
  } catch (error) {
    return [error.message];
  }
}

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node .ci/validate-manifests.mjs file.yaml [...]");
  process.exit(2);
}

let objects = 0;
let findings = 0;
for (const file of files) {
  let text;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    console.error(`validate-manifests: ${error.message}`);
    process.exit(2);
  }
  for (const document of yaml.parseAllDocuments(text)) {
    if (document.errors.length > 0) {
      console.log(`${file}: YAML: ${document.errors.map((e) => e.message).join("; ")}`);
      findings++;
      continue;
    }
    const object = document.toJS();
    if (object === null || object === undefined) continue;
    objects++;
    for (const problem of problems(object)) {
      console.log(`${file}: ${object.kind}/${object.metadata?.name}: ${problem}`);
      findings++;
    }
  }
}

console.log(`validate-manifests: ${objects} object(s), ${findings} finding(s)`);
process.exit(findings === 0 ? 0 : 1);
