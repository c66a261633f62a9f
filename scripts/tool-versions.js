#!/usr/bin/env node
'use strict';
// Prints tool-versions.json as KEY=VALUE lines for $GITHUB_OUTPUT (the workflow's setup action) and
// for shell scripts: node, go, opa, terraform, provider_aws|kubernetes|helm, and key (a hash of the
// file, for cache keys).
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const file = path.join(__dirname, '..', 'tool-versions.json');
const text = fs.readFileSync(file, 'utf8');
const v = JSON.parse(text);
const lines = {
  node: v.node.lts,
  go: v.go,
  opa: v.opa,
  terraform: v.terraform.version,
  provider_aws: v.providers.aws,
  provider_kubernetes: v.providers.kubernetes,
  provider_helm: v.providers.helm,
  key: crypto.createHash('sha256').update(text).digest('hex').slice(0, 16),
};
process.stdout.write(
  Object.entries(lines)
    .map(([k, value]) => `${k}=${value}\n`)
    .join(''),
);
