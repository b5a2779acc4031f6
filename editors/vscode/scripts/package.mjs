// Packages the extension with vsce.
//
//   npm run package
//     node scripts/package.mjs: shipshape.vsix, for every platform; the server is
//     `shipshape.path` or `shipshape` on PATH
//   npm run package:platform -- <binary> <target>
//     node scripts/package.mjs --platform <binary> <target>: shipshape-<target>.vsix for one
//     vsce target (linux-x64, darwin-arm64, win32-x64, ...) with <binary> inside at
//     server/shipshape (server/shipshape.exe for win32 targets)
//
// `vscode:prepublish` (run by vsce) builds dist/extension.js and copies the licence texts.
// server/ exists only while a platform package is being built, so the universal package
// never carries a binary.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const extension = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const serverDir = path.join(extension, "server");
const vsce = createRequire(import.meta.url).resolve("@vscode/vsce/vsce");

function fail(message) {
  console.error(`scripts/package.mjs: ${message}`);
  process.exit(2);
}

function runVsce(args) {
  const run = spawnSync(process.execPath, [vsce, "package", "--no-dependencies", ...args], {
    cwd: extension,
    stdio: ["ignore", "inherit", "inherit"],
  });
  if (run.error) throw run.error;
  return run.status ?? 1;
}

const args = process.argv.slice(2);
let status;
if (args.length === 0) {
  fs.rmSync(serverDir, { recursive: true, force: true });
  status = runVsce(["-o", "shipshape.vsix"]);
} else if (args.length === 3 && args[0] === "--platform") {
  const [, binary, target] = args;
  if (!/^[a-z0-9]+-[a-z0-9]+$/.test(target)) {
    fail(`"${target}" is not a vsce target (linux-x64, linux-arm64, alpine-x64, darwin-arm64, win32-x64, ...)`);
  }
  if (!fs.statSync(binary, { throwIfNoEntry: false })?.isFile()) {
    fail(`${binary} is not a file; pass the built server, e.g. ../../target/release/shipshape`);
  }
  const name = target.startsWith("win32-") ? "shipshape.exe" : "shipshape";
  fs.rmSync(serverDir, { recursive: true, force: true });
  fs.mkdirSync(serverDir);
  try {
    const copy = path.join(serverDir, name);
    fs.copyFileSync(binary, copy);
    fs.chmodSync(copy, 0o755);
    status = runVsce(["--target", target, "-o", `shipshape-${target}.vsix`]);
  } finally {
    fs.rmSync(serverDir, { recursive: true, force: true });
  }
} else {
  fail("usage: npm run package  |  npm run package:platform -- <path-to-shipshape-binary> <vsce-target>");
}
process.exit(status);
