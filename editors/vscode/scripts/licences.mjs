// Copies the project's licence texts (repository root) into the extension folder, so the
// .vsix carries them. Runs from `vscode:prepublish`, before vsce collects the files.
// LICENSE.txt is the file vsce shows as the extension's licence: both texts, either applies.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const extension = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const repository = path.resolve(extension, "../..");

const texts = {};
for (const name of ["LICENSE-MIT", "LICENSE-APACHE"]) {
  const source = path.join(repository, name);
  if (!fs.existsSync(source)) {
    console.error(`scripts/licences.mjs: ${source} is missing; the extension cannot be packaged without it.`);
    process.exit(1);
  }
  texts[name] = fs.readFileSync(source, "utf8");
  fs.writeFileSync(path.join(extension, name), texts[name]);
}

const rule = "-".repeat(78);
fs.writeFileSync(
  path.join(extension, "LICENSE.txt"),
  [
    "shipshape is licensed under either of",
    "",
    "  * the Apache License, Version 2.0 (LICENSE-APACHE), or",
    "  * the MIT license (LICENSE-MIT)",
    "",
    "at your option (SPDX: MIT OR Apache-2.0). Both texts follow.",
    "",
    rule,
    "LICENSE-MIT",
    rule,
    "",
    texts["LICENSE-MIT"].trimEnd(),
    "",
    rule,
    "LICENSE-APACHE",
    rule,
    "",
    texts["LICENSE-APACHE"].trimEnd(),
    "",
  ].join("\n"),
);
