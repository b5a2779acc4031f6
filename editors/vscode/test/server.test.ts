// Drives the built shipshape server (SHIPSHAPE_BIN, else target/debug/shipshape) the way
// the extension configures it, the binary given as `shipshape.path`.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { resolveServer } from "../src/config";
import { lspRoundTrip } from "./lsp";

const extensionRoot = path.resolve(__dirname, "../..");
const binary = process.env.SHIPSHAPE_BIN ?? path.resolve(extensionRoot, "../../target/debug/shipshape");

test("the server gives diagnostics with the extension's settings", async () => {
  const server = resolveServer(binary, extensionRoot, process.platform, fs.existsSync);
  assert.deepEqual(server, { path: binary, source: "setting" });
  await lspRoundTrip(server.path);
});
