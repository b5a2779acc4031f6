// What the extension sends the server, computed from the user's settings. No `vscode`
// import here, so the node tests exercise exactly this code.
import * as path from "node:path";

/** Reads one setting (`get("select")` for `shipshape.select`). */
export type Get = <T>(key: string, fallback: T) => T;

/** The server's settings (SPEC §4 keys), as `initializationOptions` and `workspace/configuration`. */
export interface ServerSettings {
  select?: string[];
  ignore: string[];
  preset: string;
  severity: Record<string, string>;
  registry: { online: boolean };
}

export function serverSettings(get: Get): ServerSettings {
  const select = get<string[]>("select", []);
  return {
    ...(select.length > 0 ? { select } : {}),
    ignore: get<string[]>("ignore", []),
    preset: get<string>("preset", "recommended"),
    severity: get<Record<string, string>>("severity", {}),
    registry: { online: get<boolean>("registry.online", false) },
  };
}

/** Documents the server handles: by language id and by file name (SPEC §2, rules/src/kind.rs). */
export const documentSelector = [
  { scheme: "file", language: "dockerfile" },
  { scheme: "file", language: "dockercompose" },
  { scheme: "file", pattern: "**/{Dockerfile,Containerfile,*.Dockerfile,Dockerfile.*,Containerfile.*}" },
  { scheme: "file", pattern: "**/{compose,compose.*,docker-compose*}.{yml,yaml}" },
];

/** Where the server was found: `shipshape.path`, the platform extension's copy, or PATH. */
export type ServerSource = "setting" | "bundled" | "path";

export interface ResolvedServer {
  path: string;
  source: ServerSource;
}

/** Where a platform-specific package carries the server: `server/shipshape(.exe)`. */
export function bundledServerPath(extensionPath: string, platform: NodeJS.Platform): string {
  return platform === "win32"
    ? path.win32.join(extensionPath, "server", "shipshape.exe")
    : path.posix.join(extensionPath, "server", "shipshape");
}

/**
 * The server to start: `shipshape.path` if set, else the binary bundled in the extension
 * folder if there is one, else `shipshape` from PATH.
 */
export function resolveServer(
  setting: string | undefined,
  extensionPath: string,
  platform: NodeJS.Platform,
  exists: (file: string) => boolean,
): ResolvedServer {
  const configured = (setting ?? "").trim();
  if (configured !== "") {
    return { path: configured, source: "setting" };
  }
  const bundled = bundledServerPath(extensionPath, platform);
  if (exists(bundled)) {
    return { path: bundled, source: "bundled" };
  }
  return { path: "shipshape", source: "path" };
}

/** The command that starts the server. */
export function serverCommand(executable: string): { command: string; args: string[] } {
  return { command: executable || "shipshape", args: ["lsp"] };
}

export const installHint =
  "Install it with `cargo install shipshape-lsp` or `pip install shipshape-lsp`, " +
  "or install the platform-specific shipshape extension, which bundles it; " +
  "or set `shipshape.path` to the executable.";

/** The error shown when the server cannot be run. */
export function notFoundMessage(server: ResolvedServer, reason: string): string {
  switch (server.source) {
    case "setting":
      return `shipshape: \`shipshape.path\` is "${server.path}", which could not be run (${reason}). ${installHint}`;
    case "bundled":
      return `shipshape: the bundled server ${server.path} could not be run (${reason}). ${installHint}`;
    case "path":
      return `shipshape was not found on PATH (${reason}). ${installHint}`;
  }
}
