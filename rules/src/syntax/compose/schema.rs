//! Our model of the Compose Specification's keys: for every mapping the specification
//! defines, which keys it takes, what each value must look like, and one line saying what
//! the key does. Validation (`unknown-key`, `invalid-value`), hover and completion all read
//! this one table.
//!
//! The model is written from the specification's content (compose-spec `spec.md`, its JSON
//! schema and the Compose file reference); the descriptions are ours. Where the
//! specification accepts a string for a typed value (so that `${VAR}` can be used), the
//! string must still read as that type once interpolated, as Compose casts it.

/// One key of a mapping.
#[derive(Debug)]
pub struct KeySpec {
    pub name: &'static str,
    pub ty: Ty,
    /// One line, in our words.
    pub doc: &'static str,
}

/// What a value must be.
#[derive(Debug, Clone, Copy)]
pub enum Ty {
    /// Anything: not checked.
    Any,
    /// Any single value: string, number, boolean or null.
    Scalar,
    Str,
    /// A string or a number (`expose`, `group_add`, `uid`).
    StrOrNum,
    /// An integer, or a string holding one.
    Int,
    /// A number, or a string holding one.
    Number,
    /// `true`/`false`; as strings also `yes`/`no`/`on`/`off`/`y`/`n`, which Compose accepts with a warning.
    Bool,
    /// A Go duration: `10s`, `1m30s`, `500ms`.
    Duration,
    /// A byte size: an integer or `512m`, `1gb`, `2GiB`.
    Bytes,
    /// One of these strings.
    Enum(&'static [&'static str]),
    /// `no`, `always`, `on-failure[:N]` or `unless-stopped`.
    Restart,
    /// `always`, `never`, `missing`, `build`, `daily`, `every_12h`…
    PullPolicy,
    /// A `ports` entry in the short syntax: `[[ip:]host:]container[/protocol]`, or a number.
    Port,
    /// A port number or range (`8080`, `"8080-8085"`).
    PortNum,
    /// An `expose` entry: a port or range with an optional protocol.
    Expose,
    /// `tcp`, `udp` or `sctp`.
    Protocol,
    List(&'static Ty),
    /// A mapping with these keys (and `x-` extensions).
    Map(&'static [KeySpec]),
    /// A mapping from names of our choosing to values of this type.
    Dict(&'static Ty),
    /// Any one of these; the value's shape (mapping, list, scalar) picks which.
    OneOf(&'static [Ty]),
}

use Ty::*;

const fn k(name: &'static str, ty: Ty, doc: &'static str) -> KeySpec {
    KeySpec { name, ty, doc }
}

const STRINGS: Ty = List(&Str);
const STR_OR_LIST: Ty = OneOf(&[Str, STRINGS]);
/// `environment`, `labels`, `args`…: `KEY: value` or a list of `KEY=value`.
const LIST_OR_DICT: Ty = OneOf(&[Dict(&Scalar), STRINGS]);
const OPTIONS: Ty = Dict(&Scalar);
const COMMAND: Ty = OneOf(&[Str, STRINGS]);
const EXTRA_HOSTS: Ty = OneOf(&[Dict(&OneOf(&[Str, STRINGS])), STRINGS]);
const EXTERNAL: Ty = OneOf(&[Bool, Map(&[k("name", Str, "Name of the existing object (obsolete: use `name`).")])]);
const ULIMITS: Ty = Dict(&OneOf(&[
    Int,
    Map(&[
        k("soft", Int, "Soft limit: the value enforced, which the process may raise up to `hard`."),
        k("hard", Int, "Hard limit: the ceiling for the soft limit."),
    ]),
]));
const FILE_REFS: Ty = List(&OneOf(&[
    Str,
    Map(&[
        k("source", Str, "Name of the secret or config in the top-level section."),
        k("target", Str, "Path (or file name) where it appears in the container."),
        k("uid", StrOrNum, "Owner UID of the mounted file."),
        k("gid", StrOrNum, "Owner GID of the mounted file."),
        k("mode", Scalar, "Permissions of the mounted file, in octal (`0440`)."),
    ]),
]));
const DEVICE_REQUEST: &[KeySpec] = &[
    k("capabilities", STRINGS, "Capabilities the device must have (`gpu`, `compute`, `utility`)."),
    k("count", OneOf(&[Int, Enum(&["all"])]), "How many devices to reserve, or `all`."),
    k("device_ids", STRINGS, "Specific device IDs to reserve (instead of `count`)."),
    k("driver", Str, "Device driver (`nvidia`)."),
    k("options", LIST_OR_DICT, "Driver-specific options."),
];
const HOOK: &[KeySpec] = &[
    k("command", COMMAND, "Command to run in the container."),
    k("user", Str, "User that runs the command."),
    k("privileged", Bool, "Runs the command with extended privileges."),
    k("working_dir", Str, "Working directory of the command."),
    k("environment", LIST_OR_DICT, "Extra environment variables for the command."),
];

const INCLUDE: &[KeySpec] = &[
    k("path", STR_OR_LIST, "Compose file(s) to include; several are merged like `-f` files."),
    k("project_directory", Str, "Folder that relative paths in the included files resolve from."),
    k("env_file", STR_OR_LIST, "Env files that provide interpolation values for the included files."),
];

const BUILD: &[KeySpec] = &[
    k(
        "additional_contexts",
        LIST_OR_DICT,
        "Named extra contexts (paths, URLs, `docker-image://…`) usable as `COPY --from=<name>`.",
    ),
    k("args", LIST_OR_DICT, "Build arguments: values for the Dockerfile's `ARG`s."),
    k("cache_from", STRINGS, "Where the builder may find cache: images or `type=…` cache specs."),
    k("cache_to", STRINGS, "Where the builder exports its cache for later builds (`type=registry,ref=…`)."),
    k("context", Str, "Build context: a folder (relative to the Compose file) or a Git URL."),
    k("dockerfile", Str, "Dockerfile to build, relative to the context."),
    k("dockerfile_inline", Str, "Dockerfile written in place, used instead of `dockerfile`."),
    k("entitlements", STRINGS, "Extra privileges the build may use (`network.host`, `security.insecure`)."),
    k("extra_hosts", EXTRA_HOSTS, "Extra `/etc/hosts` entries while building."),
    k("isolation", Str, "Isolation technology of the build containers (platform-specific)."),
    k("labels", LIST_OR_DICT, "Labels set on the built image."),
    k("network", Str, "Network for `RUN` steps: `default`, `host`, `none` or a network name."),
    k("no_cache", Bool, "Builds every layer again, ignoring the cache."),
    k("platforms", STRINGS, "Platforms to build for (`linux/amd64`, `linux/arm64`)."),
    k("privileged", Bool, "Builds with elevated privileges."),
    k("provenance", Scalar, "Provenance attestation for the built image (`true`, `false`, `mode=max`)."),
    k("pull", Bool, "Pulls base images again even when they are cached locally."),
    k("sbom", Scalar, "SBOM attestation for the built image."),
    k("secrets", FILE_REFS, "Secrets the build can read with `RUN --mount=type=secret`."),
    k("shm_size", Bytes, "Size of `/dev/shm` for the build containers."),
    k("ssh", LIST_OR_DICT, "SSH agent or keys for `RUN --mount=type=ssh` (`default`, `id=path`)."),
    k("tags", STRINGS, "Extra tags for the built image."),
    k("target", Str, "Stage of a multi-stage Dockerfile to build."),
    k("ulimits", ULIMITS, "Resource limits of the build containers."),
];

const BLKIO_LIMIT: Ty = List(&Map(&[
    k("path", Str, "Device path (`/dev/sda`)."),
    k("rate", Scalar, "Limit in bytes (`12mb`) or operations per second."),
]));
const BLKIO: &[KeySpec] = &[
    k("device_read_bps", BLKIO_LIMIT, "Read limits in bytes per second, per device."),
    k("device_read_iops", BLKIO_LIMIT, "Read limits in operations per second, per device."),
    k("device_write_bps", BLKIO_LIMIT, "Write limits in bytes per second, per device."),
    k("device_write_iops", BLKIO_LIMIT, "Write limits in operations per second, per device."),
    k("weight", Int, "Relative block I/O weight, 10 to 1000."),
    k(
        "weight_device",
        List(&Map(&[k("path", Str, "Device path."), k("weight", Int, "Relative weight for this device, 10 to 1000.")])),
        "Relative block I/O weight per device.",
    ),
];

const CREDENTIAL_SPEC: &[KeySpec] = &[
    k("config", Str, "Name of a config holding the credential spec."),
    k("file", Str, "Credential spec file."),
    k("registry", Str, "Credential spec in the Windows registry."),
];

const DEPENDS_ON: &[KeySpec] = &[
    k(
        "condition",
        Enum(&["service_started", "service_healthy", "service_completed_successfully"]),
        "What to wait for: started, healthy (its healthcheck passes) or completed successfully.",
    ),
    k("restart", Bool, "Restarts this service when the dependency is restarted by Compose."),
    k("required", Bool, "When `false`, a dependency that is missing or fails to start is only warned about."),
];

const UPDATE_CONFIG: &[KeySpec] = &[
    k("parallelism", Int, "Containers changed at a time (0: all at once)."),
    k("delay", Duration, "Wait between batches."),
    // Swarm-only keys that `docker compose` ignores are free strings: compose-go's schema has
    // no enum for them, and an error must mean that Compose refuses the file.
    k("failure_action", Str, "What to do when the change fails: `continue`, `pause` or `rollback` (Swarm)."),
    k("monitor", Duration, "How long to watch each task for failure after the change."),
    k("max_failure_ratio", Number, "Share of failures tolerated, 0 to 1."),
    k("order", Enum(&["stop-first", "start-first"]), "Stop the old task before starting the new one, or the reverse."),
];

const DEPLOY: &[KeySpec] = &[
    k("endpoint_mode", Str, "How clients find the service: `vip` (virtual IP) or `dnsrr` (DNS round-robin; Swarm)."),
    k("labels", LIST_OR_DICT, "Labels on the service (not on its containers)."),
    k("mode", Str, "`replicated` (a number of replicas) or `global` (one per node), or their `-job` forms."),
    k(
        "placement",
        Map(&[
            k("constraints", STRINGS, "Conditions a node must meet (`node.role==manager`)."),
            k(
                "preferences",
                List(&Map(&[k("spread", Str, "Node label to spread the tasks evenly over.")])),
                "How to spread tasks over nodes.",
            ),
            k("max_replicas_per_node", Int, "Most replicas on one node."),
        ]),
        "Where the service's containers may run.",
    ),
    k("replicas", Int, "Number of containers to run."),
    k(
        "resources",
        Map(&[
            k(
                "limits",
                Map(&[
                    k("cpus", Number, "Most CPU the container may use, in cores (`0.5`)."),
                    k("memory", Bytes, "Most memory the container may use (`512M`); beyond it the OOM killer acts."),
                    k("pids", Int, "Most processes the container may run."),
                ]),
                "Hard caps on what the container may use.",
            ),
            k(
                "reservations",
                Map(&[
                    k("cpus", Number, "CPU guaranteed to the container, in cores."),
                    k("memory", Bytes, "Memory guaranteed to the container."),
                    k("pids", Int, "Processes guaranteed to the container."),
                    k("devices", List(&Map(DEVICE_REQUEST)), "Devices (GPUs…) reserved for the container."),
                    k(
                        "generic_resources",
                        List(&Map(&[k(
                            "discrete_resource_spec",
                            Map(&[
                                k("kind", Str, "Kind of resource (`GPU`, `SSD`)."),
                                k("value", Number, "How many to reserve."),
                            ]),
                            "A countable resource to reserve.",
                        )])),
                        "User-defined resources to reserve.",
                    ),
                ]),
                "What the platform guarantees to the container.",
            ),
        ]),
        "Resource limits and reservations.",
    ),
    k(
        "restart_policy",
        Map(&[
            // docker compose maps these onto the engine's restart policies (`no` and `always`
            // included); anything else reaches the engine, which refuses it.
            k(
                "condition",
                Enum(&["none", "no", "on-failure", "any", "always", "unless-stopped"]),
                "When to restart: `none`, `on-failure` or `any` (docker compose also takes `unless-stopped`).",
            ),
            k("delay", Duration, "Wait between restart attempts."),
            k("max_attempts", Int, "Restart attempts before giving up."),
            k("window", Duration, "How long a restart must run to count as successful."),
        ]),
        "How the platform restarts the service's containers.",
    ),
    k("rollback_config", Map(UPDATE_CONFIG), "How a failed update is rolled back."),
    k("update_config", Map(UPDATE_CONFIG), "How the service is updated."),
];

const DEVELOP: &[KeySpec] = &[k(
    "watch",
    List(&Map(&[
        k(
            "action",
            Enum(&["rebuild", "sync", "restart", "sync+restart", "sync+exec"]),
            "What a change triggers: rebuild, sync files, restart, or sync then restart or run a command.",
        ),
        k("exec", Map(HOOK), "Command run in the container after a `sync+exec`."),
        k("ignore", STR_OR_LIST, "Patterns (relative to `path`) whose changes are ignored."),
        k("include", STR_OR_LIST, "Patterns (relative to `path`) to watch; others are ignored."),
        k("initial_sync", Bool, "Syncs the files once when watching starts."),
        k("path", Str, "Host path to watch."),
        k("target", Str, "Container path that synced files go to."),
    ])),
    "Files `docker compose watch` monitors and what it does on a change.",
)];

const HEALTHCHECK: &[KeySpec] = &[
    k("disable", Bool, "Turns off the image's healthcheck."),
    k("interval", Duration, "Time between checks (default `30s`)."),
    k("retries", Int, "Consecutive failures that make the container unhealthy (default 3)."),
    k("start_interval", Duration, "Time between checks during the start period."),
    k("start_period", Duration, "Grace time for startup, during which failures don't count."),
    k(
        "test",
        OneOf(&[Str, STRINGS]),
        "Check command: `[\"CMD\", …]`, `[\"CMD-SHELL\", \"…\"]`, a shell string, or `[\"NONE\"]`.",
    ),
    k("timeout", Duration, "Time after which one check counts as failed (default `30s`)."),
];

const LOGGING: &[KeySpec] = &[
    k("driver", Str, "Logging driver (`json-file`, `local`, `syslog`, `journald`…)."),
    k("options", Dict(&Scalar), "Driver options (`max-size`, `max-file`…)."),
];

const PORT: &[KeySpec] = &[
    k("app_protocol", Str, "Application protocol on the port (`http`, `grpc`), a hint for tools."),
    k("host_ip", Str, "Host address to publish on (default: all)."),
    k("mode", Str, "`host` publishes on each node; `ingress` load-balances (Swarm)."),
    k("name", Str, "A readable name for the port."),
    k("protocol", Protocol, "`tcp` (default), `udp` or `sctp`."),
    k("published", PortNum, "Host port or range; empty for a random one."),
    k("target", PortNum, "Container port."),
];

const SERVICE_VOLUME: &[KeySpec] = &[
    k(
        "bind",
        Map(&[
            k("create_host_path", Bool, "Creates the host path when it is missing."),
            k(
                "propagation",
                Enum(&["shared", "slave", "private", "rshared", "rslave", "rprivate"]),
                "Mount propagation mode.",
            ),
            k("recursive", Enum(&["enabled", "disabled", "writable", "readonly"]), "How sub-mounts are bound."),
            k("selinux", Enum(&["z", "Z"]), "SELinux relabelling: `z` shared, `Z` private."),
        ]),
        "Options of a bind mount.",
    ),
    k("consistency", Str, "Mount consistency (platform-specific)."),
    k("image", Map(&[k("subpath", Str, "Path inside the image to mount.")]), "Options of an image mount."),
    k("read_only", Bool, "Mounts read-only."),
    k("source", Str, "Host path, volume name or image, depending on `type`."),
    k("target", Str, "Path in the container."),
    k(
        "tmpfs",
        Map(&[k("size", Bytes, "Size of the tmpfs."), k("mode", Scalar, "File mode of the tmpfs, in octal.")]),
        "Options of a tmpfs mount.",
    ),
    k("type", Enum(&["volume", "bind", "tmpfs", "npipe", "cluster", "image"]), "Kind of mount."),
    k(
        "volume",
        Map(&[
            k("labels", LIST_OR_DICT, "Labels of the volume."),
            k("nocopy", Bool, "Doesn't copy the image's files into a new volume."),
            k("subpath", Str, "Path inside the volume to mount."),
        ]),
        "Options of a volume mount.",
    ),
];

const SERVICE_NETWORK: &[KeySpec] = &[
    k("aliases", STRINGS, "Extra host names of the service on this network."),
    k("driver_opts", OPTIONS, "Driver options for this connection."),
    k("gw_priority", Int, "Which network provides the default gateway: the highest priority wins."),
    k("interface_name", Str, "Name of the network interface in the container."),
    k("ipv4_address", Str, "Fixed IPv4 address on this network."),
    k("ipv6_address", Str, "Fixed IPv6 address on this network."),
    k("link_local_ips", STRINGS, "Link-local addresses."),
    k("mac_address", Str, "MAC address on this network."),
    k("priority", Number, "Order in which the networks are connected: the highest first."),
];

const SERVICE: &[KeySpec] = &[
    k("annotations", LIST_OR_DICT, "Annotations on the container, read by the runtime."),
    k("attach", Bool, "Whether `docker compose up` shows this service's logs."),
    k("blkio_config", Map(BLKIO), "Block I/O weights and limits."),
    k("build", OneOf(&[Str, Map(BUILD)]), "How to build the image: a context path or URL, or build options."),
    k("cap_add", STRINGS, "Linux capabilities added to the container."),
    k("cap_drop", STRINGS, "Linux capabilities dropped from the container."),
    k("cgroup", Enum(&["host", "private"]), "Cgroup namespace: `host` or `private`."),
    k("cgroup_parent", Str, "Parent cgroup of the container."),
    k("command", COMMAND, "Overrides the image's `CMD`: a shell-style string or a list."),
    k("configs", FILE_REFS, "Configs (from the top-level `configs`) mounted into the container."),
    k("container_name", Str, "Fixed container name instead of the generated one; the service can't scale."),
    k("cpu_count", Int, "Number of usable CPUs (Windows)."),
    k("cpu_percent", Number, "Usable share of the CPUs, in percent (Windows)."),
    k("cpu_period", Number, "CFS scheduler period, in microseconds."),
    k("cpu_quota", Number, "CFS CPU time per period, in microseconds."),
    k("cpu_rt_period", Scalar, "Real-time scheduler period (microseconds or a duration)."),
    k("cpu_rt_runtime", Scalar, "Real-time CPU time per period (microseconds or a duration)."),
    k("cpu_shares", Number, "Relative CPU weight against other containers."),
    k("cpus", Number, "CPU limit in cores; fractions allowed (`0.5`)."),
    k("cpuset", Str, "CPUs the container may run on (`0-3`, `0,2`)."),
    k("credential_spec", Map(CREDENTIAL_SPEC), "Credential spec of a managed service account (Windows)."),
    k(
        "depends_on",
        OneOf(&[STRINGS, Dict(&Map(DEPENDS_ON))]),
        "Services started before this one, optionally waiting until healthy or completed.",
    ),
    k("deploy", Map(DEPLOY), "Replicas, resource limits and reservations, restart and update policies."),
    k("develop", Map(DEVELOP), "Settings for `docker compose watch`."),
    k("device_cgroup_rules", STRINGS, "Rules added to the container's device cgroup."),
    k(
        "devices",
        List(&OneOf(&[
            Str,
            Map(&[
                k("source", Str, "Device path on the host."),
                k("target", Str, "Device path in the container."),
                k("permissions", Str, "Cgroup permissions (`rwm`)."),
            ]),
        ])),
        "Host devices mapped into the container (`/dev/ttyUSB0:/dev/ttyUSB0`).",
    ),
    k("dns", STR_OR_LIST, "DNS servers of the container."),
    k("dns_opt", STRINGS, "Options of the container's DNS resolver."),
    k("dns_search", STR_OR_LIST, "DNS search domains of the container."),
    k("domainname", Str, "Domain name of the container."),
    k("entrypoint", COMMAND, "Overrides the image's `ENTRYPOINT`: a shell-style string or a list."),
    k(
        "env_file",
        OneOf(&[
            Str,
            List(&OneOf(&[
                Str,
                Map(&[
                    k("path", Str, "The env file."),
                    k("format", Str, "File format (`raw` takes values literally)."),
                    k("required", Bool, "When `false`, a missing file is ignored."),
                ]),
            ])),
        ]),
        "Files of `KEY=value` lines added to the container's environment.",
    ),
    k("environment", LIST_OR_DICT, "Environment variables: a mapping or a list of `KEY=value`."),
    k("expose", List(&Expose), "Ports reachable by other services, without publishing them on the host."),
    k(
        "extends",
        OneOf(&[
            Str,
            Map(&[
                k("service", Str, "The service to extend."),
                k("file", Str, "Compose file that defines it (default: this file)."),
            ]),
        ]),
        "A service (here or in another file) whose configuration this one starts from.",
    ),
    k("external_links", STRINGS, "Links to containers outside this project (`name:alias`)."),
    k("extra_hosts", EXTRA_HOSTS, "Extra `/etc/hosts` entries (`host=ip` or `host: ip`)."),
    k(
        "gpus",
        OneOf(&[Enum(&["all"]), List(&Map(DEVICE_REQUEST))]),
        "GPUs for the container: `all` or a list of device requests.",
    ),
    k("group_add", List(&StrOrNum), "Extra groups (names or GIDs) of the container's user."),
    k("healthcheck", Map(HEALTHCHECK), "How to tell whether the container is healthy, and how often."),
    k("hostname", Str, "Host name of the container."),
    k("image", Str, "Image to run (`name:tag`, `name@digest`); with `build`, the name of the built image."),
    k("init", Bool, "Runs an init process as PID 1 to forward signals and reap zombies."),
    k("ipc", Str, "IPC namespace: `private`, `shareable`, `host`, `service:<name>` or `container:<id>`."),
    k("isolation", Str, "Isolation technology of the container (platform-specific)."),
    k("label_file", STR_OR_LIST, "Files of `KEY=value` lines added to the container's labels."),
    k("labels", LIST_OR_DICT, "Labels on the container."),
    k("links", STRINGS, "Legacy links to other services (`service` or `service:alias`)."),
    k("logging", Map(LOGGING), "Logging driver of the container and its options."),
    k("mac_address", Str, "MAC address of the container."),
    k("mem_limit", Bytes, "Memory limit of the container (`512m`, `2g`)."),
    k("mem_reservation", Bytes, "Soft memory limit, enforced when the host runs short."),
    k("mem_swappiness", Int, "How readily anonymous pages are swapped, 0 to 100."),
    k("memswap_limit", Bytes, "Memory plus swap the container may use; `-1` for unlimited swap."),
    k(
        "models",
        OneOf(&[
            STRINGS,
            Dict(&Map(&[
                k("endpoint_var", Str, "Variable that receives the model's endpoint URL."),
                k("model_var", Str, "Variable that receives the model's name."),
            ])),
        ]),
        "Models (from the top-level `models`) the service uses.",
    ),
    k("network_mode", Str, "Network mode: `bridge`, `host`, `none`, `service:<name>` or `container:<id>`."),
    k(
        "networks",
        OneOf(&[STRINGS, Dict(&Map(SERVICE_NETWORK))]),
        "Networks the service joins, with options per network.",
    ),
    k("oom_kill_disable", Bool, "Keeps the kernel's OOM killer away from this container."),
    k("oom_score_adj", Int, "OOM killer preference, -1000 (never) to 1000 (first)."),
    k("pid", Str, "PID namespace: `host`, `service:<name>` or `container:<id>`."),
    k("pids_limit", Int, "Most processes the container may run; `-1` for no limit."),
    k("platform", Str, "Platform to run on (`linux/amd64`, `linux/arm64`)."),
    k("ports", List(&OneOf(&[Port, Map(PORT)])), "Container ports published on the host (`\"8080:80\"`)."),
    k("post_start", List(&Map(HOOK)), "Commands run in the container just after it starts."),
    k("pre_stop", List(&Map(HOOK)), "Commands run in the container before it stops."),
    k("privileged", Bool, "Extended privileges: nearly full access to the host."),
    k("profiles", STRINGS, "Profiles that enable the service; a service with none always starts."),
    k(
        "provider",
        Map(&[
            k("type", Str, "The provider (a Compose plugin or binary)."),
            k("options", Dict(&Any), "Provider options."),
        ]),
        "Hands the service's lifecycle to an external provider instead of a container.",
    ),
    k("pull_policy", PullPolicy, "When to pull the image: `always`, `never`, `missing`, `build`, `daily`…"),
    k("pull_refresh_after", Str, "Age after which the image is pulled again."),
    k("read_only", Bool, "Mounts the container's root filesystem read-only."),
    k("restart", Restart, "Restart policy: `no`, `always`, `on-failure[:N]` or `unless-stopped`."),
    k("runtime", Str, "OCI runtime of the container (`runc`, `nvidia`…)."),
    k("scale", Int, "Number of containers to run."),
    k("secrets", FILE_REFS, "Secrets (from the top-level `secrets`) mounted under `/run/secrets`."),
    k("security_opt", STRINGS, "Security options (`no-new-privileges:true`, seccomp or AppArmor profiles)."),
    k("shm_size", Bytes, "Size of `/dev/shm` (`64m`, `1g`)."),
    k("stdin_open", Bool, "Keeps STDIN open (`docker run -i`)."),
    k("stop_grace_period", Duration, "Wait after the stop signal before the container is killed (default `10s`)."),
    k("stop_signal", Str, "Signal that stops the container (default `SIGTERM`)."),
    k("storage_opt", OPTIONS, "Storage driver options of the container (`size`)."),
    k("sysctls", LIST_OR_DICT, "Kernel parameters set in the container's namespaces."),
    k("tmpfs", STR_OR_LIST, "Paths mounted as tmpfs in the container."),
    k("tty", Bool, "Allocates a pseudo-TTY (`docker run -t`)."),
    k("ulimits", ULIMITS, "Resource limits (`nofile`, `nproc`…): one value, or `soft` and `hard`."),
    k("use_api_socket", Bool, "Mounts the Docker API socket and the user's registry credentials."),
    k("user", Str, "User (name or UID, optionally `:group`) that runs the container's process."),
    k("userns_mode", Str, "User namespace mode (`host`)."),
    k("uts", Str, "UTS namespace mode (`host`)."),
    k(
        "volumes",
        List(&OneOf(&[Str, Map(SERVICE_VOLUME)])),
        "Volumes, host paths and tmpfs mounted into the container (`source:target[:ro]`).",
    ),
    k("volumes_from", STRINGS, "Mounts the volumes of another service or container (`name[:ro]`)."),
    k("working_dir", Str, "Working directory of the container's command."),
];

const NETWORK: &[KeySpec] = &[
    k("attachable", Bool, "Lets standalone containers join the network (Swarm overlay)."),
    k("driver", Str, "Network driver (`bridge`, `overlay`, `macvlan`…)."),
    k("driver_opts", OPTIONS, "Driver options."),
    k("enable_ipv4", Bool, "Gives the network IPv4 addresses (default `true`)."),
    k("enable_ipv6", Bool, "Gives the network IPv6 addresses."),
    k("external", EXTERNAL, "The network exists already; Compose neither creates nor removes it."),
    k("internal", Bool, "Cuts the network off from the outside world."),
    k(
        "ipam",
        Map(&[
            k(
                "config",
                List(&Map(&[
                    k("aux_addresses", Dict(&Str), "Addresses the driver must not hand out, by host name."),
                    k("gateway", Str, "Gateway of the subnet."),
                    k("ip_range", Str, "Range containers get addresses from."),
                    k("subnet", Str, "Subnet in CIDR notation."),
                ])),
                "Address pools.",
            ),
            k("driver", Str, "IPAM driver (default `default`)."),
            k("options", OPTIONS, "IPAM driver options."),
        ]),
        "IP address management: subnets, ranges and gateways.",
    ),
    k("labels", LIST_OR_DICT, "Labels on the network."),
    k("name", Str, "Actual network name, used as is (no project prefix)."),
];

const VOLUME: &[KeySpec] = &[
    k("driver", Str, "Volume driver (default `local`)."),
    k("driver_opts", OPTIONS, "Driver options (`type`, `o`, `device` for the local driver)."),
    k("external", EXTERNAL, "The volume exists already; Compose neither creates nor removes it."),
    k("labels", LIST_OR_DICT, "Labels on the volume."),
    k("name", Str, "Actual volume name, used as is (no project prefix)."),
];

const SECRET: &[KeySpec] = &[
    k("driver", Str, "Secret driver."),
    k("driver_opts", OPTIONS, "Driver options."),
    k("environment", Str, "Environment variable whose value is the secret."),
    k("external", EXTERNAL, "The secret exists already on the platform."),
    k("file", Str, "File whose content is the secret."),
    k("labels", LIST_OR_DICT, "Labels on the secret."),
    k("name", Str, "Actual secret name on the platform."),
    k("template_driver", Str, "Template engine applied to the secret's content."),
];

const CONFIG: &[KeySpec] = &[
    k("content", Str, "The config's content, written in place."),
    k("environment", Str, "Environment variable whose value is the config."),
    k("external", EXTERNAL, "The config exists already on the platform."),
    k("file", Str, "File whose content is the config."),
    k("labels", LIST_OR_DICT, "Labels on the config."),
    k("name", Str, "Actual config name on the platform."),
    k("template_driver", Str, "Template engine applied to the config's content."),
];

const MODEL: &[KeySpec] = &[
    k("context_size", Int, "Context window of the model, in tokens."),
    k("model", Str, "Model to run (an OCI artifact reference such as `ai/smollm2`)."),
    k("name", Str, "Actual model name."),
    k("runtime_flags", STRINGS, "Raw flags passed to the inference engine."),
];

/// The top level of a Compose file.
pub static TOP: &[KeySpec] = &[
    k("version", Scalar, "Obsolete: Compose ignores it (and warns); the file follows the Compose Specification."),
    k("name", Str, "Project name: prefixes the containers, networks and volumes Compose creates."),
    k("include", List(&OneOf(&[Str, Map(INCLUDE)])), "Other Compose projects loaded into this one."),
    k("services", Dict(&Map(SERVICE)), "The containers of the application, by name."),
    k("networks", Dict(&Map(NETWORK)), "Networks services can join."),
    k("volumes", Dict(&Map(VOLUME)), "Named volumes services can mount."),
    k("configs", Dict(&Map(CONFIG)), "Configuration files services can be given."),
    k("secrets", Dict(&Map(SECRET)), "Sensitive data services can be given as files."),
    k("models", Dict(&Map(MODEL)), "AI models run by a model runner and offered to services."),
];

/// The root type: the top-level mapping.
pub const ROOT: Ty = Map(TOP);

/// The spec of the key at the end of `path` (`["services", "*", "build", "args"]`).
/// Segments that cross a list or a mapping of names (service names, list items) match
/// anything, so `["services", "web", "ports", "0", "target"]` works too.
pub fn lookup(path: &[&str]) -> Option<&'static KeySpec> {
    let (last, parent) = path.split_last()?;
    first_map(parent, ROOT)?.iter().find(|s| s.name == *last)
}

/// The keys of the mapping at `path` (`[]` for the top level, `["services", "*"]` for a
/// service); empty when `path` leads nowhere or not to a mapping.
pub fn keys_at(path: &[&str]) -> &'static [KeySpec] {
    first_map(path, ROOT).unwrap_or(&[])
}

/// Follows `path` from `ty` to a mapping with fixed keys, trying each alternative of a
/// `OneOf` (so `depends_on.db.condition` finds the long form).
fn first_map(path: &[&str], ty: Ty) -> Option<&'static [KeySpec]> {
    match ty {
        Map(keys) => match path.split_first() {
            None => Some(keys),
            Some((seg, rest)) => {
                let spec = keys.iter().find(|s| s.name == *seg)?;
                first_map(rest, spec.ty)
            }
        },
        Dict(inner) | List(inner) => {
            let (_, rest) = path.split_first()?;
            first_map(rest, *inner)
        }
        OneOf(alts) => alts.iter().find_map(|a| first_map(path, *a)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups() {
        assert_eq!(lookup(&["services", "*", "build", "args"]).map(|s| s.name), Some("args"));
        assert_eq!(lookup(&["services", "web", "depends_on", "db", "condition"]).map(|s| s.name), Some("condition"));
        assert_eq!(lookup(&["services", "web", "ports", "0", "published"]).map(|s| s.name), Some("published"));
        assert!(lookup(&["services", "web", "imgae"]).is_none());
        assert!(lookup(&[]).is_none());
        assert!(keys_at(&[]).iter().any(|s| s.name == "services"));
        assert!(keys_at(&["services", "web"]).iter().any(|s| s.name == "healthcheck"));
        assert!(keys_at(&["services", "web", "deploy", "resources", "limits"]).iter().any(|s| s.name == "memory"));
        assert!(keys_at(&["services", "web", "image"]).is_empty());
    }

    #[test]
    fn tables_are_sorted_sets_with_docs() {
        fn walk(ty: Ty, seen: &mut usize) {
            match ty {
                Map(keys) => {
                    let mut names: Vec<_> = keys.iter().map(|s| s.name).collect();
                    names.sort_unstable();
                    names.dedup();
                    assert_eq!(names.len(), keys.len(), "duplicate key in {names:?}");
                    for s in keys {
                        *seen += 1;
                        assert!(!s.doc.is_empty() && !s.doc.contains('\n'), "{} needs a one-line doc", s.name);
                        walk(s.ty, seen);
                    }
                }
                Dict(t) | List(t) => walk(*t, seen),
                OneOf(alts) => alts.iter().for_each(|a| walk(*a, seen)),
                _ => {}
            }
        }
        let mut seen = 0;
        walk(ROOT, &mut seen);
        assert!(seen > 250, "{seen} keys");
    }
}
