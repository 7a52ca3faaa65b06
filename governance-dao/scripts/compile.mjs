#!/usr/bin/env node
// Compiles every Solidity source under governance-dao/contracts and oracle/contracts with the pinned solc-js
// (package-lock) and writes one artifact per contract to <folder>/artifacts/<Name>.json.
//
//   node governance-dao/scripts/compile.mjs           write artifacts (removes stale ones)
//   node governance-dao/scripts/compile.mjs --check   recompile into a temp dir; fail listing every artifact that
//                                                     differs from, is missing from, or is extra in the committed set
//
// Determinism: sources are read in sorted order with repo-relative source unit names, metadata.bytecodeHash is
// "none" (no IPFS hash of the metadata, whose content would depend on absolute paths and NatSpec text), artifacts
// are written with a fixed key order, 2-space JSON and a trailing newline. The build fails on any compiler warning
// in our own sources and on any contract above the EIP-170 runtime size limit (24,576 bytes) or EIP-3860 initcode
// limit (49,152 bytes).
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

const PACKAGE_DIR = dirname(dirname(fileURLToPath(import.meta.url))); // governance-dao/
const REPO = dirname(PACKAGE_DIR);
const SOURCE_FOLDERS = ["governance-dao", "oracle"]; // each has contracts/ and gets artifacts/
const MAX_RUNTIME_SIZE = 24_576; // EIP-170
const MAX_INITCODE_SIZE = 49_152; // EIP-3860

const SETTINGS = {
  evmVersion: "cancun",
  optimizer: { enabled: true, runs: 200 },
  viaIR: false,
  metadata: { bytecodeHash: "none" },
  outputSelection: { "*": { "*": ["abi", "evm.bytecode.object", "evm.deployedBytecode.object"] } },
};

function fail(message) {
  console.error(`compile: ${message}`);
  process.exit(1);
}

function ensureNodeModules() {
  if (existsSync(join(PACKAGE_DIR, "node_modules", "solc", "package.json"))) return;
  console.log("compile: node_modules missing, running `npm ci` in governance-dao/ ...");
  try {
    execFileSync("npm", ["ci", "--no-audit", "--no-fund"], { cwd: PACKAGE_DIR, stdio: "inherit" });
  } catch (e) {
    if (e.code === "ENOENT") fail("npm is not installed; install Node.js 20+ with npm (Debian: apt-get install nodejs npm)");
    fail(`npm ci failed (exit ${e.status}); the npm registry must be reachable to install solc and @openzeppelin/contracts`);
  }
}

function listSolidity(dir) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listSolidity(path));
    else if (entry.name.endsWith(".sol")) out.push(path);
  }
  return out;
}

const toUnitName = (absPath) => relative(REPO, absPath).split(sep).join("/");
const sha256 = (bytes) => "0x" + createHash("sha256").update(bytes).digest("hex");

function findImport(unitName) {
  const candidates = [join(PACKAGE_DIR, "node_modules", unitName), join(REPO, unitName)];
  for (const path of candidates) {
    if (existsSync(path)) return { contents: readFileSync(path, "utf8") };
  }
  return { error: `not found: ${unitName}` };
}

function compile() {
  const require = createRequire(import.meta.url);
  const solc = require("solc");
  const pinned = JSON.parse(readFileSync(join(PACKAGE_DIR, "package.json"), "utf8")).dependencies.solc;
  if (!solc.version().startsWith(`${pinned}+`)) fail(`solc ${solc.version()} loaded but package.json pins ${pinned}; run npm ci`);

  const files = SOURCE_FOLDERS.flatMap((f) => listSolidity(join(REPO, f, "contracts"))).sort();
  if (files.length === 0) fail("no Solidity sources found");
  const sources = {};
  const sourceHashes = {};
  for (const file of files) {
    const bytes = readFileSync(file);
    const unit = toUnitName(file);
    sources[unit] = { content: bytes.toString("utf8") };
    sourceHashes[unit] = sha256(bytes);
  }

  const input = { language: "Solidity", sources, settings: SETTINGS };
  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImport }));
  const problems = (output.errors ?? []).filter(
    (e) => e.severity === "error" || (e.sourceLocation && sources[e.sourceLocation.file]) || !e.sourceLocation,
  );
  for (const p of problems) console.error(p.formattedMessage ?? p.message);
  if (problems.length > 0) fail(`${problems.length} compiler error(s)/warning(s) in our sources; warnings are not allowed`);

  const artifacts = new Map(); // relative artifact path -> JSON text
  const sizes = [];
  for (const unit of Object.keys(sources)) {
    const folder = unit.split("/")[0];
    for (const [name, c] of Object.entries(output.contracts[unit] ?? {})) {
      if (c.abi.length === 0) continue; // internal-only libraries: nothing to deploy or bind
      const path = `${folder}/artifacts/${name}.json`;
      if (artifacts.has(path)) fail(`two contracts named ${name} in ${folder}/; artifact names must be unique`);
      const bytecode = "0x" + c.evm.bytecode.object;
      const deployedBytecode = "0x" + c.evm.deployedBytecode.object;
      const runtimeSize = (deployedBytecode.length - 2) / 2;
      const initSize = (bytecode.length - 2) / 2;
      if (runtimeSize > 0) sizes.push({ path, runtimeSize, initSize });
      const artifact = {
        contractName: name,
        sourceName: unit,
        abi: c.abi,
        bytecode,
        deployedBytecode,
        sourceHash: sourceHashes[unit],
        compiler: { version: solc.version(), settings: SETTINGS },
      };
      artifacts.set(path, JSON.stringify(artifact, null, 2) + "\n");
    }
  }
  const oversized = sizes.filter((s) => s.runtimeSize > MAX_RUNTIME_SIZE || s.initSize > MAX_INITCODE_SIZE);
  for (const s of sizes.sort((a, b) => b.runtimeSize - a.runtimeSize)) {
    console.log(`  ${String(s.runtimeSize).padStart(6)} B runtime  ${String(s.initSize).padStart(6)} B init  ${s.path}`);
  }
  if (oversized.length > 0) {
    fail(`over the EIP-170/EIP-3860 size limit: ${oversized.map((s) => `${s.path} (${s.runtimeSize} B)`).join(", ")}`);
  }
  return artifacts;
}

function committedArtifacts() {
  const map = new Map();
  for (const folder of SOURCE_FOLDERS) {
    const dir = join(REPO, folder, "artifacts");
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).filter((n) => n.endsWith(".json")).sort()) {
      map.set(`${folder}/artifacts/${name}`, readFileSync(join(dir, name), "utf8"));
    }
  }
  return map;
}

function writeArtifacts(root, artifacts) {
  for (const [path, text] of artifacts) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

ensureNodeModules();
const check = process.argv.includes("--check");
const built = compile();

if (check) {
  const temp = mkdtempSync(join(tmpdir(), "agentchain-artifacts-"));
  try {
    writeArtifacts(temp, built); // kept byte-for-byte what a fresh compile writes, then compared as text
    const committed = committedArtifacts();
    const differing = [];
    for (const [path, text] of built) {
      if (!committed.has(path)) differing.push(`${path} (missing from the committed artifacts)`);
      else if (committed.get(path) !== readFileSync(join(temp, path), "utf8")) differing.push(`${path} (differs)`);
    }
    for (const path of committed.keys()) if (!built.has(path)) differing.push(`${path} (stale: no such contract)`);
    if (differing.length > 0) {
      fail(`artifacts do not match a fresh compile; run \`node governance-dao/scripts/compile.mjs\` and commit:\n  ${differing.join("\n  ")}`);
    }
    console.log(`compile: ${built.size} artifacts rebuild byte-identically`);
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
} else {
  const stale = [...committedArtifacts().keys()].filter((p) => !built.has(p));
  for (const path of stale) rmSync(join(REPO, path));
  writeArtifacts(REPO, built);
  console.log(`compile: wrote ${built.size} artifacts${stale.length ? `, removed ${stale.length} stale` : ""}`);
}
