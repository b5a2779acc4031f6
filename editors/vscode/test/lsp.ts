// The LSP round trip both server tests run: start the server the way the extension does
// (same command, same initializationOptions), over stdio through
// vscode-languageserver-protocol, and check the diagnostics of one Dockerfile.
import { spawn } from "child_process";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
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
import { serverCommand, serverSettings } from "../src/config";

export async function lspRoundTrip(executable: string): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "shipshape-vscode-"));
  try {
    const file = path.join(dir, "Dockerfile");
    fs.writeFileSync(file, "FROM node\nFROM redis:latest\n");
    const user: Record<string, unknown> = { ignore: ["latest-tag"], preset: "recommended" };
    const settings = serverSettings((key, fallback) => (key in user ? (user[key] as never) : fallback));
    const { command, args } = serverCommand(executable);
    const child = spawn(command, args, { stdio: ["pipe", "pipe", "inherit"] });
    const spawned = new Promise<void>((resolve, reject) => {
      child.once("spawn", resolve);
      child.once("error", reject);
    });
    await spawned;
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
    const exited = new Promise((resolve) => child.on("exit", resolve));
    await conn.sendRequest(ShutdownRequest.type);
    await conn.sendNotification(ExitNotification.type);
    assert.equal(await exited, 0);
    conn.dispose();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
