// The pure parts of the extension (src/config.ts) and the manifest they go with.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { minimatch } from "minimatch";
import { bundledServerPath, documentSelector, installHint, notFoundMessage, resolveServer } from "../src/config";

const extensionRoot = path.resolve(__dirname, "../..");
const manifest = JSON.parse(fs.readFileSync(path.join(extensionRoot, "package.json"), "utf8"));

// Every file name the server recognises (SPEC §2, rules/src/kind.rs `FileKind::detect`),
// one or more examples of each form.
const recognised = [
  "Dockerfile",
  "Containerfile",
  "api.Dockerfile",
  "Dockerfile.dev",
  "Dockerfile.prod.arm64",
  "Containerfile.dev",
  "compose.yaml",
  "compose.yml",
  "compose.prod.yaml",
  "compose.prod.yml",
  "docker-compose.yml",
  "docker-compose.yaml",
  "docker-compose.override.yml",
  "docker-compose.override.yaml",
  "docker-compose-dev.yml",
];
const unrelated = ["values.yaml", "mycompose.yaml", "compose.json", "README.md", "package.json", "Makefile"];

const workspaceContains: string[] = manifest.activationEvents
  .filter((e: string) => e.startsWith("workspaceContains:"))
  .map((e: string) => e.slice("workspaceContains:".length));
const selectorPatterns = documentSelector.flatMap((s) => (typeof s.pattern === "string" ? [s.pattern] : []));

test("activation events cover every file name the server recognises", () => {
  assert.ok(workspaceContains.length > 0);
  // workspaceContains globs are matched against paths relative to a workspace folder.
  for (const name of recognised) {
    for (const relative of [name, `services/api/${name}`]) {
      assert.ok(
        workspaceContains.some((glob) => minimatch(relative, glob, { dot: true })),
        `no workspaceContains activation event matches ${relative}`,
      );
    }
  }
  for (const name of unrelated) {
    assert.ok(!workspaceContains.some((glob) => minimatch(name, glob, { dot: true })), `${name} activates`);
  }
  for (const language of ["dockerfile", "dockercompose"]) {
    assert.ok(manifest.activationEvents.includes(`onLanguage:${language}`), language);
  }
});

test("the document selector covers every file name the server recognises", () => {
  assert.ok(selectorPatterns.length > 0);
  // VS Code matches a selector's pattern against the document's absolute path.
  for (const name of recognised) {
    for (const file of [`/home/me/project/${name}`, `/home/me/project/services/api/${name}`]) {
      assert.ok(
        selectorPatterns.some((glob) => minimatch(file, glob, { dot: true })),
        `no documentSelector pattern matches ${file}`,
      );
    }
  }
  for (const name of unrelated) {
    const file = `/home/me/project/${name}`;
    assert.ok(!selectorPatterns.some((glob) => minimatch(file, glob, { dot: true })), `${file} is selected`);
  }
  for (const filter of documentSelector) {
    assert.equal(filter.scheme, "file");
  }
  const languages = documentSelector.flatMap((s) => (typeof s.language === "string" ? [s.language] : []));
  assert.deepEqual(languages.sort(), ["dockercompose", "dockerfile"]);
});

test("resolveServer: shipshape.path wins, then the bundled binary, then PATH", () => {
  const ext = "/home/me/.vscode/extensions/shipshape.shipshape-0.1.0-linux-x64";
  const bundled = `${ext}/server/shipshape`;
  const present = (file: string) => file === bundled;
  const absent = () => false;
  assert.deepEqual(resolveServer("/opt/shipshape", ext, "linux", present), { path: "/opt/shipshape", source: "setting" });
  assert.deepEqual(resolveServer("  shipshape  ", ext, "linux", present), { path: "shipshape", source: "setting" });
  assert.deepEqual(resolveServer("", ext, "linux", present), { path: bundled, source: "bundled" });
  assert.deepEqual(resolveServer(undefined, ext, "darwin", present), { path: bundled, source: "bundled" });
  assert.deepEqual(resolveServer("   ", ext, "linux", present), { path: bundled, source: "bundled" });
  assert.deepEqual(resolveServer("", ext, "linux", absent), { path: "shipshape", source: "path" });
  const winExt = "C:\\Users\\me\\.vscode\\extensions\\shipshape.shipshape-0.1.0-win32-x64";
  const winBundled = `${winExt}\\server\\shipshape.exe`;
  assert.equal(bundledServerPath(winExt, "win32"), winBundled);
  assert.deepEqual(resolveServer("", winExt, "win32", (f) => f === winBundled), { path: winBundled, source: "bundled" });
  assert.deepEqual(resolveServer("", winExt, "win32", absent), { path: "shipshape", source: "path" });
});

test("the manifest: empty shipshape.path default, SPDX licence, bundled entry point", () => {
  assert.equal(manifest.contributes.configuration.properties["shipshape.path"].default, "");
  assert.equal(manifest.license, "(MIT OR Apache-2.0)");
  assert.equal(manifest.main, "./dist/extension.js");
  assert.match(manifest.scripts["vscode:prepublish"], /npm run bundle/);
  assert.match(manifest.scripts.bundle, /--outfile=dist\/extension\.js/);
});

test("the install hint names every install route", () => {
  for (const route of ["cargo install shipshape-lsp", "pip install shipshape-lsp", "platform-specific", "shipshape.path"]) {
    assert.ok(installHint.includes(route), route);
  }
  const reason = "spawn shipshape ENOENT";
  assert.match(notFoundMessage({ path: "shipshape", source: "path" }, reason), /not found on PATH/);
  assert.match(notFoundMessage({ path: "/opt/x", source: "setting" }, reason), /`shipshape\.path` is "\/opt\/x"/);
  assert.match(notFoundMessage({ path: "/e/server/shipshape", source: "bundled" }, reason), /bundled server/);
});
