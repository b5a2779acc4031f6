// Drives the built shipshape server the way the extension configures it: same command,
// same initializationOptions, LSP over stdio through vscode-languageserver-protocol.
import { spawn } from "child_process";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { pathToFileURL } from "node:url";
import {
  createProtocolConnection,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializeRequest,
  InitializedNotification,
  PublishDiagnosticsNotification,
  PublishDiagnosticsParams,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
} from "vscode-languageserver-protocol/node";
import { documentSelector, serverCommand, serverSettings } from "../src/config";

const binary = process.env.SHIPSHAPE_BIN ?? path.resolve(__dirname, "../../../../target/debug/shipshape");

test("the server gives diagnostics with the extension's settings", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "shipshape-vscode-"));
  const file = path.join(dir, "Dockerfile");
  fs.writeFileSync(file, "FROM node\nFROM redis:latest\n");
  const user: Record<string, unknown> = { ignore: ["latest-tag"], preset: "recommended" };
  const settings = serverSettings((key, fallback) => (key in user ? (user[key] as never) : fallback));
  const { command, args } = serverCommand(binary);
  const child = spawn(command, args, { stdio: ["pipe", "pipe", "inherit"] });
  const conn = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const diagnostics = new Promise<PublishDiagnosticsParams>((resolve) => {
    conn.onNotification(PublishDiagnosticsNotification.type, (p) => resolve(p));
  });
  conn.listen();
  const init = await conn.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: pathToFileURL(dir).href,
    capabilities: {},
    initializationOptions: settings,
  });
  assert.ok(init.capabilities.hoverProvider);
  await conn.sendNotification(InitializedNotification.type, {});
  await conn.sendNotification(DidOpenTextDocumentNotification.type, {
    textDocument: { uri: pathToFileURL(file).href, languageId: "dockerfile", version: 1, text: fs.readFileSync(file, "utf8") },
  });
  const published = await diagnostics;
  const codes = published.diagnostics.map((d) => d.code);
  assert.ok(codes.includes("untagged-image"), `codes: ${codes}`);
  assert.ok(!codes.includes("latest-tag"), "the extension's `ignore` setting reached the server");
  assert.equal(published.version, 1);
  await conn.sendRequest(ShutdownRequest.type);
  await conn.sendNotification(ExitNotification.type);
  const code = await new Promise((resolve) => child.on("exit", resolve));
  assert.equal(code, 0);
  conn.dispose();
});

test("the selector covers the file names of SPEC §2", () => {
  const patterns = documentSelector.map((s) => ("pattern" in s ? s.pattern : "")).join(" ");
  for (const name of ["Dockerfile", "Containerfile", "compose", "docker-compose*"]) {
    assert.ok(patterns.includes(name), name);
  }
});
