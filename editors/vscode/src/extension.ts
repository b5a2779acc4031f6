import { spawnSync } from "child_process";
import * as fs from "fs";
import * as vscode from "vscode";
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from "vscode-languageclient/node";
import { documentSelector, notFoundMessage, resolveServer, serverCommand, serverSettings } from "./config";

let client: LanguageClient | undefined;
let output: vscode.OutputChannel | undefined;
let extensionPath = "";

function settings() {
  const cfg = vscode.workspace.getConfiguration("shipshape");
  return serverSettings((key, fallback) => cfg.get(key, fallback));
}

async function start(): Promise<void> {
  const cfg = vscode.workspace.getConfiguration("shipshape");
  const server = resolveServer(cfg.get<string>("path", ""), extensionPath, process.platform, fs.existsSync);
  const { command, args } = serverCommand(server.path);
  // A clear message instead of a silent failure when the binary is missing.
  const probe = spawnSync(command, ["--version"], { encoding: "utf8" });
  if (probe.error || probe.status !== 0) {
    const reason = probe.error?.message ?? `\`${command} --version\` exited with ${probe.status ?? probe.signal}`;
    const choice = await vscode.window.showErrorMessage(notFoundMessage(server, reason), "Open settings");
    if (choice === "Open settings") {
      await vscode.commands.executeCommand("workbench.action.openSettings", "shipshape.path");
    }
    return;
  }
  output ??= vscode.window.createOutputChannel("shipshape");
  output.appendLine(`Starting ${probe.stdout.trim()} (${server.source}: ${command})`);
  const serverOptions: ServerOptions = { command, args, transport: TransportKind.stdio };
  const clientOptions: LanguageClientOptions = {
    documentSelector,
    initializationOptions: settings(),
    outputChannel: output,
    synchronize: { configurationSection: "shipshape" },
    middleware: {
      workspace: {
        // Answer workspace/configuration with the same object as initializationOptions.
        configuration: (params) => params.items.map((item) => (item.section === "shipshape" ? settings() : null)),
      },
    },
  };
  client = new LanguageClient("shipshape", "shipshape", serverOptions, clientOptions);
  await client.start();
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  extensionPath = context.extensionPath;
  context.subscriptions.push(
    vscode.commands.registerCommand("shipshape.restartServer", async () => {
      await client?.stop();
      client = undefined;
      await start();
    }),
    vscode.commands.registerCommand("shipshape.showOutput", () => output?.show()),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (e.affectsConfiguration("shipshape.path")) {
        await vscode.commands.executeCommand("shipshape.restartServer");
      }
    }),
  );
  await start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
