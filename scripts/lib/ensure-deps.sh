# Shared by ./agentchain and scripts/test: make sure the machine has what the project needs, installing
# Debian packages when we are root, and failing with a clear message when we cannot.

apt_updated=0
apt_install() {
  if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
    return 1
  fi
  if [[ $apt_updated == 0 ]]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null 2>&1 || true
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null 2>&1
}

ensure_dotnet() {
  if ! command -v dotnet >/dev/null 2>&1; then
    echo "error: the .NET 10 SDK is required (dotnet not found on PATH). Install .NET SDK 10.0 and retry." >&2
    exit 1
  fi
  local major
  major="$(dotnet --version 2>/dev/null | cut -d. -f1)"
  if [[ -z "$major" || "$major" -lt 10 ]]; then
    echo "error: .NET SDK 10.0 or newer is required, found '$(dotnet --version 2>/dev/null)'." >&2
    exit 1
  fi
}

# libsecp256k1 (with its recovery module) is the fast secp256k1 backend; without it the code falls back
# to a managed implementation that is correct but ~40x slower at sender recovery.
ensure_secp256k1() {
  if ldconfig -p 2>/dev/null | grep -q 'libsecp256k1\.so\.1'; then return 0; fi
  if apt_install libsecp256k1-1; then return 0; fi
  echo "warning: libsecp256k1 is not installed and could not be installed (run: sudo apt-get install libsecp256k1-1);" >&2
  echo "         the managed secp256k1 fallback will be used (much slower sender recovery)." >&2
}

# The official conformance suites live beside the repository, never inside it.
ensure_shared_tests() {
  local repo="$1"
  if [[ -z "${AGENTCHAIN_ETHEREUM_TESTS:-}" && ! -d "$repo/../shared/ethereum-tests" ]]; then
    echo "error: ../shared/ethereum-tests (the official ethereum/tests suites) not found beside the repository;" >&2
    echo "       check it out there or set AGENTCHAIN_ETHEREUM_TESTS to its path." >&2
    exit 1
  fi
}

# Node.js + npm build the Solidity contracts (pinned solc-js) and fetch the ONNX Runtime native library.
ensure_node() {
  if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then return 0; fi
  if apt_install nodejs npm && command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then return 0; fi
  echo "error: Node.js (>= 20) and npm are required (to compile the contracts with the pinned solc); install them and retry." >&2
  exit 1
}

# The .onnx reader is generated at build time from ONNX's own onnx.proto, shipped by Debian's libonnx-dev.
ensure_onnx_proto() {
  if [[ -f /usr/include/onnx/onnx.proto ]]; then return 0; fi
  if apt_install libonnx-dev && [[ -f /usr/include/onnx/onnx.proto ]]; then return 0; fi
  echo "error: /usr/include/onnx/onnx.proto is missing; install Debian's libonnx-dev (sudo apt-get install libonnx-dev) and retry." >&2
  exit 1
}

# The ONNX backend node tests (932 operator tests with inputs and outputs) from Debian's libonnx-testdata.
ensure_onnx_testdata() {
  if [[ -d /usr/share/libonnx-testdata/data/node ]]; then return 0; fi
  if apt_install libonnx-testdata && [[ -d /usr/share/libonnx-testdata/data/node ]]; then return 0; fi
  echo "error: the ONNX backend tests are missing; install Debian's libonnx-testdata (sudo apt-get install libonnx-testdata) and retry." >&2
  exit 1
}
