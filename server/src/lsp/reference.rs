//! Reference text for hover: Dockerfile instructions and their flags, in our own words.

pub fn instruction(name: &str) -> Option<&'static str> {
    Some(match name {
        "FROM" => "**FROM** `[--platform=<p>] <image> [AS <name>]` — starts a build stage on a base image (or `scratch`, or an earlier stage).",
        "RUN" => "**RUN** `[--mount=…] [--network=…] <command>` — runs a command in a new layer. Shell form runs `/bin/sh -c`; `RUN <<EOF` runs a heredoc script.",
        "CMD" => "**CMD** `[\"exe\", \"arg\"]` — the default command of the container (exec form avoids a shell that swallows signals). Only the last CMD counts.",
        "LABEL" => "**LABEL** `key=value …` — adds image metadata; use the `org.opencontainers.image.*` keys for title, version, revision, created and source.",
        "MAINTAINER" => "**MAINTAINER** — deprecated; use `LABEL org.opencontainers.image.authors=…`.",
        "EXPOSE" => "**EXPOSE** `<port>[/tcp|/udp] …` — documents the ports the app listens on. It does not publish them (`-p` / Compose `ports:` does).",
        "ENV" => "**ENV** `key=value …` — sets environment variables for later instructions and for the running container.",
        "ADD" => "**ADD** `[--checksum=…] <src>… <dest>` — like COPY, but also fetches URLs and git repositories and unpacks local archives. Prefer COPY for plain files.",
        "COPY" => "**COPY** `[--from=<stage|image>] [--chown=…] [--chmod=…] [--link] <src>… <dest>` — copies files from the build context (or a stage/image) into the image.",
        "ENTRYPOINT" => "**ENTRYPOINT** `[\"exe\", \"arg\"]` — the executable the container runs; CMD supplies its default arguments.",
        "VOLUME" => "**VOLUME** `<path>…` — marks paths as mount points for volumes; data written there is not part of the image.",
        "USER" => "**USER** `<user>[:<group>]` — the user for later RUN instructions and for the container. Run as non-root in the final stage.",
        "WORKDIR" => "**WORKDIR** `<path>` — sets (and creates) the working directory; use absolute paths.",
        "ARG" => "**ARG** `<name>[=<default>]` — a build argument (`--build-arg`, Compose `build.args`). Before the first FROM it is global and only usable in FROM lines until re-declared in a stage.",
        "ONBUILD" => "**ONBUILD** `<instruction>` — an instruction that runs when another build uses this image as its base.",
        "STOPSIGNAL" => "**STOPSIGNAL** `<signal>` — the signal sent to stop the container (default SIGTERM).",
        "HEALTHCHECK" => "**HEALTHCHECK** `[--interval=…] [--timeout=…] [--start-period=…] [--retries=…] CMD <command>` | `NONE` — how the engine tests that the container still works.",
        "SHELL" => "**SHELL** `[\"exe\", \"arg\"]` — the shell used by shell-form RUN/CMD/ENTRYPOINT, e.g. `[\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]`.",
        _ => return None,
    })
}

pub fn flag(instruction: &str, name: &str) -> Option<&'static str> {
    Some(match (instruction, name) {
        (_, "platform") => "**--platform**=`<os>/<arch>` — build this stage for another platform (`$BUILDPLATFORM` runs the build natively and cross-compiles).",
        ("RUN", "mount") => "**--mount**=`type=cache|bind|secret|ssh|tmpfs,…` — mounts for this RUN only. `type=cache,target=<dir>` keeps package caches between builds; `type=secret,id=<id>` exposes a secret without storing it in a layer. Keys: `target`, `source`, `from`, `id`, `sharing=shared|private|locked`, `mode`, `uid`, `gid`, `required`, `env`, `readonly`.",
        ("RUN", "network") => "**--network**=`default|none|host` — the network this RUN may use.",
        ("RUN", "security") => "**--security**=`insecure|sandbox` — run with elevated privileges (needs the `security.insecure` entitlement).",
        ("RUN", "device") => "**--device**=`<name>` — expose a CDI device to this RUN (labs).",
        ("COPY", "from") => "**--from**=`<stage|image|context>` — copy from an earlier stage, an image, or a named build context instead of the main context.",
        (_, "chown") => "**--chown**=`<user>[:<group>]` — owner of the copied files (default root).",
        (_, "chmod") => "**--chmod**=`<mode>` — permissions of the copied files, e.g. `0755` or `u=rwx,go=rx`.",
        (_, "link") => "**--link** — copy into an independent layer that survives base-image changes without a rebuild (faster rebuilds, better cache reuse).",
        (_, "parents") => "**--parents** — keep the source's parent directories under the destination.",
        (_, "exclude") => "**--exclude**=`<pattern>` — leave matching files out of the copy.",
        ("ADD", "checksum") => "**--checksum**=`sha256:<hex>` — verify a remote source.",
        ("ADD", "keep-git-dir") => "**--keep-git-dir** — keep the `.git` folder when adding a git repository.",
        ("ADD", "unpack") => "**--unpack**=`true|false` — whether to extract local archives.",
        ("HEALTHCHECK", "interval") => "**--interval**=`<duration>` — time between checks (default 30s).",
        ("HEALTHCHECK", "timeout") => "**--timeout**=`<duration>` — a check slower than this fails (default 30s).",
        ("HEALTHCHECK", "start-period") => "**--start-period**=`<duration>` — grace period after start during which failures don't count.",
        ("HEALTHCHECK", "start-interval") => "**--start-interval**=`<duration>` — time between checks during the start period.",
        ("HEALTHCHECK", "retries") => "**--retries**=`<n>` — consecutive failures before the container is unhealthy (default 3).",
        _ => return None,
    })
}

/// Keys of `--mount`, for completion.
pub const MOUNT_KEYS: &[&str] = &[
    "type=", "target=", "source=", "from=", "id=", "sharing=", "mode=", "uid=", "gid=", "required", "env=", "readonly",
    "rw",
];
