#!/usr/bin/env bash
# Leaf hashing + Merkle tree building throughput of the audit-proof module on 1,000,000 events, against a baseline
# that only reads the same bytes (issue 14: verify target >= 200,000 events/s). Prints the numbers; not pass/fail.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl audit-proof test -Dproof.excludedGroups=none -Dgroups=benchmark -Dtest=LeafHashingBenchmarkTest \
  -Dsurefire.failIfNoSpecifiedTests=false
