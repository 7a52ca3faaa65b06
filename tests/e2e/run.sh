#!/usr/bin/env bash
# Runs the ethers v6 + Foundry cast end-to-end suite against a freshly started devnet, then the differential
# test (the same signed transactions to anvil --hardfork cancun and to the devnet, compared one by one).
# Installs the pinned npm packages (npm ci) when missing and builds the CLI (Release) when it is not built.
# Usage: tests/e2e/run.sh          exit 0 when every check passed
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
if ! command -v node >/dev/null 2>&1; then
  echo "e2e: node (20+) and npm are needed; install Node.js 20 (apt-get install -y nodejs npm)" >&2
  exit 3
fi
if [[ ! -x "$here/node_modules/@foundry-rs/cast-linux-amd64/bin/cast" || ! -x "$here/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil" || ! -d "$here/node_modules/ethers" ]]; then
  echo "e2e: installing pinned packages (npm ci) in tests/e2e" >&2
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error) || { echo "e2e: npm ci failed; is the npm registry reachable?" >&2; exit 4; }
fi
dll="$repo/cli/AgentChain.Cli/bin/Release/net10.0/agentchain.dll"
if [[ ! -f "$dll" ]]; then
  echo "e2e: building cli/AgentChain.Cli (Release)" >&2
  dotnet build "$repo/cli/AgentChain.Cli" -c Release -nologo -v quiet >&2
fi
export AGENTCHAIN_CLI_DLL="$dll"
node "$here/run-e2e.mjs"
node "$here/differential.mjs"
