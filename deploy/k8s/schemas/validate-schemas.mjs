// Validates rendered manifests against the JSON schemas of their kinds (check.sh runs it after validate.py):
// the Kubernetes API of kubernetes-models, Strimzi's CRDs (kafka.strimzi.io) and CloudNativePG's (postgresql.cnpg.io),
// each the schema the API server would apply. It catches wrong types, missing required fields and values outside
// an enum; it does not catch unknown fields (these schemas allow them, as the API server's pruning does).
// Keycloak's and ECK's resources have no published schema package: they are listed as not checked.
//
//   node validate-schemas.mjs NAME=RENDERED.yaml ...      exit 1 if any object is invalid
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

const PACKAGES = {
  "kafka.strimzi.io": "@kubernetes-models/strimzi-kafka-operator",
  "postgresql.cnpg.io": "@kubernetes-models/cloudnative-pg",
};
// API groups of Kubernetes itself: no dot ("apps", "policy", the core group "") or ending in .k8s.io
const isKubernetesGroup = (group) => !group.includes(".") || group.endsWith(".k8s.io");

async function modelOf(apiVersion, kind) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  const pkg = PACKAGES[group] ?? (isKubernetesGroup(group) ? "kubernetes-models" : null);
  if (!pkg) {
    return null;
  }
  const module = await import(group === "" ? `${pkg}/${version}` : `${pkg}/${group}/${version}`);
  if (!module[kind]) {
    throw new Error(`${pkg} has no ${apiVersion} ${kind}`);
  }
  return module[kind];
}

let invalid = 0;
for (const argument of process.argv.slice(2)) {
  const [overlay, file] = argument.split("=");
  const unchecked = new Set();
  let checked = 0;
  for (const document of parseAllDocuments(readFileSync(file, "utf8"))) {
    const object = document.toJS();
    const where = `${overlay}: ${object.kind}/${object.metadata?.name}`;
    try {
      const Model = await modelOf(object.apiVersion, object.kind);
      if (!Model) {
        unchecked.add(`${object.apiVersion} ${object.kind}`);
        continue;
      }
      new Model(object).validate();
      checked++;
    } catch (error) {
      invalid++;
      console.error(`schemas: ${where}: ${error.message}`);
    }
  }
  console.log(`schemas: overlay ${overlay}: ${checked} objects valid; no schema for ${[...unchecked].sort().join(", ") || "-"}`);
}
process.exit(invalid === 0 ? 0 : 1);
