// What the extension sends the server, computed from the user's settings. No `vscode`
// import here, so the node tests exercise exactly this code.

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

/** Documents the server handles: by language id and by file name (SPEC §2). */
export const documentSelector = [
  { scheme: "file", language: "dockerfile" },
  { scheme: "file", language: "dockercompose" },
  { scheme: "file", pattern: "**/{Dockerfile,Dockerfile.*,*.Dockerfile,Containerfile}" },
  { scheme: "file", pattern: "**/{compose,docker-compose*,compose.*}.{yml,yaml}" },
];

/** The command that starts the server. */
export function serverCommand(path: string): { command: string; args: string[] } {
  return { command: path || "shipshape", args: ["lsp"] };
}

export const installHint =
  "shipshape was not found. Install it with `cargo install --path server` from the shipshape repository, " +
  "or set `shipshape.path` to the executable.";
