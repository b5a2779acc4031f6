// The packaged extensions, as VS Code installs them: unzip the .vsix (keeping file modes,
// as VS Code's extractor does), check what it ships, and for the platform-specific one start
// the bundled server through resolveServer, exactly as the extension does with an empty
// `shipshape.path`. Needs the packages built first:
//   npm run package                                        -> shipshape.vsix
//   npm run package:platform -- <binary> <host target>     -> shipshape-<target>.vsix
// SHIPSHAPE_VSIX names a platform package built elsewhere. Without the packages these tests
// are skipped; with SHIPSHAPE_REQUIRE_VSIX=1 (CI) a missing package fails them instead.
import * as assert from "node:assert/strict";
import { builtinModules } from "node:module";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import * as yauzl from "yauzl";
import { resolveServer } from "../src/config";
import { lspRoundTrip } from "./lsp";

const extensionRoot = path.resolve(__dirname, "../..");
const hostTarget = `${process.platform}-${process.arch === "arm" ? "armhf" : process.arch}`;
const platformVsix = process.env.SHIPSHAPE_VSIX ?? path.join(extensionRoot, `shipshape-${hostTarget}.vsix`);
const universalVsix = path.join(extensionRoot, "shipshape.vsix");

/** Extracts every entry of a .vsix into `dir`, with the mode VS Code gives it; returns the entry names. */
function extract(vsix: string, dir: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    yauzl.open(vsix, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      const names: string[] = [];
      zip.on("error", reject);
      zip.on("end", () => resolve(names));
      zip.on("entry", (entry: yauzl.Entry) => {
        const target = path.resolve(dir, entry.fileName);
        if (!target.startsWith(dir + path.sep)) return reject(new Error(`entry outside the folder: ${entry.fileName}`));
        if (entry.fileName.endsWith("/")) return zip.readEntry();
        names.push(entry.fileName);
        zip.openReadStream(entry, (err2, stream) => {
          if (err2 || !stream) return reject(err2);
          fs.mkdirSync(path.dirname(target), { recursive: true });
          const mode = (entry.externalFileAttributes >>> 16) & 0o777 || 0o644;
          const out = fs.createWriteStream(target, { mode });
          out.on("error", reject);
          out.on("close", () => zip.readEntry());
          stream.pipe(out);
        });
      });
      zip.readEntry();
    });
  });
}

const shipped = [
  "[Content_Types].xml",
  "extension.vsixmanifest",
  "extension/LICENSE-APACHE",
  "extension/LICENSE-MIT",
  "extension/LICENSE.txt",
  "extension/readme.md",
  "extension/dist/extension.js",
  "extension/package.json",
];

/** The contents every package has: the bundle (requiring only `vscode` and node built-ins), licences, manifest. */
function checkCommon(dir: string, names: string[], extra: string[]) {
  assert.deepEqual([...names].sort(), [...shipped, ...extra].sort());
  const extension = path.join(dir, "extension");
  const manifest = JSON.parse(fs.readFileSync(path.join(extension, "package.json"), "utf8"));
  assert.ok(fs.existsSync(path.join(extension, manifest.main)), `main ${manifest.main} is in the package`);
  const bundle = fs.readFileSync(path.join(extension, "dist/extension.js"), "utf8");
  const required = new Set([...bundle.matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1]));
  for (const id of required) {
    assert.ok(id === "vscode" || builtinModules.includes(id.replace(/^node:/, "")), `the bundle requires ${id}`);
  }
  assert.ok(required.has("vscode"));
  const licence = fs.readFileSync(path.join(extension, "LICENSE.txt"), "utf8");
  assert.match(licence, /MIT License/);
  assert.match(licence, /Apache License/);
  const vsixmanifest = fs.readFileSync(path.join(dir, "extension.vsixmanifest"), "utf8");
  assert.match(vsixmanifest, /<License>extension\/LICENSE\.txt<\/License>/);
  return vsixmanifest;
}

function withExtracted(vsix: string, body: (dir: string, names: string[]) => Promise<void>): () => Promise<void> {
  return async () => {
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "shipshape-vsix-")));
    try {
      await body(dir, await extract(vsix, dir));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };
}

const required = process.env.SHIPSHAPE_REQUIRE_VSIX === "1";

/** false when `vsix` exists; else the skip message (or, when the packages are required, a failing test). */
function missing(vsix: string, build: string): false | string {
  if (fs.existsSync(vsix)) return false;
  const message = `no ${vsix}; build it first with \`${build}\``;
  if (required) {
    test(`${path.basename(vsix)} exists (SHIPSHAPE_REQUIRE_VSIX=1)`, () => assert.fail(message));
  }
  return message;
}

const noPlatform = missing(platformVsix, `npm run package:platform -- <shipshape binary> ${hostTarget}`);
const noUniversal = missing(universalVsix, "npm run package");

test(
  "the platform package's bundled server starts through resolveServer and answers LSP",
  { skip: noPlatform },
  withExtracted(platformVsix, async (dir, names) => {
    const binaryName = process.platform === "win32" ? "shipshape.exe" : "shipshape";
    const vsixmanifest = checkCommon(dir, names, [`extension/server/${binaryName}`]);
    assert.match(vsixmanifest, new RegExp(`TargetPlatform="${hostTarget}"`));
    const extension = path.join(dir, "extension");
    const server = resolveServer("", extension, process.platform, fs.existsSync);
    assert.deepEqual(server, { path: path.join(extension, "server", binaryName), source: "bundled" });
    if (process.platform !== "win32") {
      assert.equal(fs.statSync(server.path).mode & 0o111, 0o111, "the bundled server is executable");
    }
    await lspRoundTrip(server.path);
  }),
);

test(
  "the universal package ships no server and falls back to PATH",
  { skip: noUniversal },
  withExtracted(universalVsix, async (dir, names) => {
    const vsixmanifest = checkCommon(dir, names, []);
    assert.doesNotMatch(vsixmanifest, /TargetPlatform=/);
    const server = resolveServer("", path.join(dir, "extension"), process.platform, fs.existsSync);
    assert.deepEqual(server, { path: "shipshape", source: "path" });
  }),
);
