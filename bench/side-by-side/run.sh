#!/usr/bin/env bash
# Side by side with anvil on this machine, using the shared, client-neutral tools in ../shared/bench:
#   bench/side-by-side/run.sh evm [RUNS]        evm-bench.mjs on every evm-benchmarks/benchmarks/main file
#   bench/side-by-side/run.sh tps KIND [TXS]    tps.mjs (KIND: erc20 | eth), 250 ms blocks for us, 1 s for anvil
# Both nodes get a 1,000,000,000 block gas limit (../shared/bench/README.md). Anvil and our devnet run one after the
# other, never at once, and each measurement is taken twice, alternating. Prints a table and the ratios; for tps also
# each node's CPU time (user + system, from /proc) during the run per 1,000 included transactions, since on this
# 2-core machine the client and the node share the CPU and CPU per transaction is what bounds throughput.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"; repo="$(cd "$here/../.." && pwd)"
shared="${AGENTCHAIN_SHARED:-$repo/../shared}/bench"
[ -f "$shared/evm-bench.mjs" ] || { echo "run.sh: $shared/evm-bench.mjs not found (set AGENTCHAIN_SHARED to the shared folder)" >&2; exit 2; }
mode="${1:-}"; [ "$mode" = evm ] || [ "$mode" = tps ] || { sed -n 2,6p "$0" >&2; exit 2; }

work="${TMPDIR:-/tmp}/agentchain-side-by-side"; mkdir -p "$work"
# A private copy of the shared tools with their pinned npm dependencies (anvil 1.7.1, ethers, solc, OpenZeppelin).
cp "$shared"/*.mjs "$shared"/package.json "$shared"/package-lock.json "$work"/
if [ ! -x "$work/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil" ]; then
  (cd "$work" && npm ci --no-audit --no-fund >/dev/null) || { echo "run.sh: npm ci failed in $work" >&2; exit 2; }
fi
anvil="$work/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil"
"$repo/agentchain" --help >/dev/null   # builds the CLI in Release if needed
dll="$repo/cli/AgentChain.Cli/bin/Release/net10.0/agentchain.dll"

pid=""
stop() { if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; pid=""; fi; }
trap stop EXIT
wait_rpc() { for _ in $(seq 1 150); do curl -s -o /dev/null -X POST -H 'content-type: application/json' \
  --data '{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}' "http://127.0.0.1:$1" && return 0; sleep 0.2; done
  echo "run.sh: node on port $1 did not answer" >&2; return 1; }
start_anvil() { "$anvil" --host 127.0.0.1 --port 18545 --silent --gas-limit 1000000000 --code-size-limit 1000000 \
  --max-transactions 1000000 --hardfork cancun "$@" & pid=$!; wait_rpc 18545; }
start_ours() { rm -rf "$work/data"; dotnet "$dll" devnet --fresh --no-predeploys --no-agents --port 18546 --data-dir "$work/data" \
  --gas-limit 1000000000 "$@" > "$work/node.log" 2>&1 & pid=$!; wait_rpc 18546; }

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); cores: $(nproc)"
out="$work/results-$mode"; rm -rf "$out"; mkdir -p "$out"
if [ "$mode" = evm ]; then
  runs="${2:-5}"; files=("$shared/../evm-benchmarks/benchmarks/main/"*.json)
  for round in 1 2; do
    # Anvil mines on demand and our devnet seals only non-empty blocks here, so no block production runs during eth_call.
    start_anvil; node "$work/evm-bench.mjs" --rpc http://127.0.0.1:18545 --runs "$runs" --json "${files[@]}" > "$out/anvil-$round.json"; stop
    start_ours --no-empty-blocks; node "$work/evm-bench.mjs" --rpc http://127.0.0.1:18546 --runs "$runs" --json "${files[@]}" > "$out/ours-$round.json"; stop
  done
else
  kind="${2:-erc20}"; txs="${3:-20000}"
  ticks="$(getconf CLK_TCK)"
  cpu() { awk '{print $14 + $15}' "/proc/$pid/stat"; }   # utime + stime of the node, in clock ticks
  # tps.mjs's whole run (deploy, funding, the timed part) against the node started before it; the node's CPU over it.
  tps() { local who="$1" port="$2" before; before="$(cpu)"
    node "$work/tps.mjs" --rpc "http://127.0.0.1:$port" --kind "$kind" --txs "$txs" --json > "$out/$who.json"
    awk -v b="$before" -v a="$(cpu)" -v t="$ticks" 'BEGIN { printf "{\"cpuSeconds\": %.2f}\n", (a - b) / t }' > "$out/$who.cpu.json"; }
  for round in 1 2; do
    start_anvil --block-time 1; tps "anvil-$round" 18545; stop
    start_ours --block-time 250; tps "ours-$round" 18546; stop
  done
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
node "$here/compare.mjs" "$mode" "$out"
