//! Compose key descriptions for hover (the schema table lands with the Compose rules;
//! until then the most used keys are described here).

/// Markdown for the key at `path` (mapping keys from the root; `[]` for list items;
/// service names are any key directly under `services`).
pub fn describe(path: &[String]) -> Option<String> {
    let key = path.last()?;
    let under_service = path.len() >= 3 && path[0] == "services";
    let text = match (under_service, path.len(), key.as_str()) {
        (false, 1, "services") => "The containers of the application, by name.",
        (false, 1, "volumes") => "Named volumes that services can mount; data in them survives container re-creation.",
        (false, 1, "networks") => "Networks that services can join.",
        (false, 1, "version") => "Obsolete: Compose ignores it and warns.",
        (false, 1, "name") => "The project name (prefix of container, network and volume names).",
        (false, 1, "include") => "Other Compose files whose services join this application.",
        (false, 2, _) if path[0] == "services" => {
            "A service: one container definition (replicated by `deploy.replicas`)."
        }
        (true, 3, "image") => "The image to run; with `build:` it is also the name given to the built image.",
        (true, 3, "build") => {
            "How to build the service's image: `context`, `dockerfile`, `args`, `target`, `cache_from`/`cache_to`…"
        }
        (true, 3, "ports") => "Published ports: `[HOST_IP:]HOST:CONTAINER[/PROTOCOL]`.",
        (true, 3, "volumes") => "Mounts: named volumes, bind mounts (`./dir:/path`) or tmpfs.",
        (true, 3, "depends_on") => "Services to start first; `condition: service_healthy` waits for their healthcheck.",
        (true, 3, "healthcheck") => {
            "How to test the container's health: `test`, `interval`, `timeout`, `retries`, `start_period`."
        }
        (true, 3, "environment") => "Environment variables of the container (mapping or `KEY=VALUE` list).",
        (true, 3, "env_file") => "Files of `KEY=VALUE` lines to add to the container's environment.",
        (true, 3, "deploy") => "Deployment settings: `resources.limits`, `replicas`, `restart_policy`…",
        (true, 3, "restart") => "Restart policy: `no`, `always`, `on-failure[:N]`, `unless-stopped`.",
        (true, 3, "profiles") => "Profiles that enable this service (`--profile`); without profiles it always starts.",
        (true, 3, "command") => "Overrides the image's CMD.",
        (true, 3, "entrypoint") => "Overrides the image's ENTRYPOINT.",
        (true, 3, "extends") => "Inherit configuration from another service (in this or another file).",
        (true, 3, "networks") => "Networks this service joins.",
        (true, 3, "labels") => "Container metadata labels.",
        (true, 4, "context") => {
            "Build context: the folder (or git URL) sent to the builder. Keep it small with `.dockerignore`."
        }
        (true, 4, "dockerfile") => "Path of the Dockerfile, relative to the build context.",
        (true, 4, "args") => "Build arguments: values for the Dockerfile's `ARG`s.",
        (true, 4, "target") => "The stage of a multi-stage Dockerfile to build.",
        (true, 4, "cache_from") => "Caches to import (`type=registry,ref=…`, `type=local,src=…`).",
        (true, 4, "cache_to") => "Where to export the build cache (`type=registry,ref=…,mode=max`).",
        _ => return None,
    };
    Some(format!("**{}**\n\n{text}", path.iter().filter(|p| *p != "[]").cloned().collect::<Vec<_>>().join(".")))
}
