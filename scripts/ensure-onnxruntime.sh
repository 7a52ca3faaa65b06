#!/usr/bin/env bash
# Makes sure the ONNX Runtime native library the ORT backend loads is present, and prints its path.
#
# The library is libonnxruntime.so.1 from the npm package onnxruntime-node@1.30.0 (bin/napi-v6/linux/x64/); the
# version is pinned by package.json + package-lock.json in agent-runtime/AgentChain.Inference.OnnxRuntime/native/,
# and `npm ci` installs exactly that (integrity-checked) into native/node_modules, which git ignores.
# --ignore-scripts: the package's postinstall would try to fetch CUDA provider binaries from elsewhere; we only
# want the bundled CPU library, and nothing may download outside the package registry.
#
# Usage: scripts/ensure-onnxruntime.sh [--quiet]     (exit 0 and the path on stdout when the library is there)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NATIVE="$ROOT/agent-runtime/AgentChain.Inference.OnnxRuntime/native"
VERSION="1.30.0"
LIB="$NATIVE/node_modules/onnxruntime-node/bin/napi-v6/linux/x64/libonnxruntime.so.1"
QUIET="${1:-}"

say() { [ "$QUIET" = "--quiet" ] || echo "ensure-onnxruntime: $*" >&2; }

installed_version() {
  local pj="$NATIVE/node_modules/onnxruntime-node/package.json"
  [ -f "$pj" ] && node -e 'process.stdout.write(require(process.argv[1]).version)' "$pj" 2>/dev/null || true
}

if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
  echo "ensure-onnxruntime: only linux-x64 is wired up (found $(uname -s)-$(uname -m)); set AGENTCHAIN_ONNXRUNTIME_LIB to an ONNX Runtime $VERSION library instead" >&2
  exit 2
fi

if [ -f "$LIB" ] && [ "$(installed_version)" = "$VERSION" ]; then
  say "onnxruntime-node@$VERSION already installed"
  echo "$LIB"
  exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
  cat >&2 <<MSG
ensure-onnxruntime: npm is not available.
  The ONNX Runtime backend needs libonnxruntime.so.1 from the npm package onnxruntime-node@$VERSION.
  Install Node.js 20+ with npm (e.g. apt-get install -y nodejs npm) and re-run scripts/ensure-onnxruntime.sh,
  or point AGENTCHAIN_ONNXRUNTIME_LIB at an ONNX Runtime $VERSION libonnxruntime.so.1.
MSG
  exit 3
fi

say "installing onnxruntime-node@$VERSION into $NATIVE/node_modules (npm ci --ignore-scripts)"
if ! (cd "$NATIVE" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >&2); then
  echo "ensure-onnxruntime: 'npm ci' failed in $NATIVE; check that the npm registry is reachable (npm view onnxruntime-node@$VERSION)" >&2
  exit 4
fi

if [ ! -f "$LIB" ] || [ "$(installed_version)" != "$VERSION" ]; then
  echo "ensure-onnxruntime: onnxruntime-node@$VERSION installed but $LIB is missing; the package layout changed?" >&2
  exit 5
fi
say "ready: $LIB"
echo "$LIB"
