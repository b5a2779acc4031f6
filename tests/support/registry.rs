//! A real OCI registry for tests: Debian's `docker-registry` (CNCF distribution) started on
//! a free 127.0.0.1 port with a temp storage dir, filled over the distribution API.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

pub const OCI_MANIFEST: &str = "application/vnd.oci.image.manifest.v1+json";
pub const OCI_INDEX: &str = "application/vnd.oci.image.index.v1+json";

pub struct Registry {
    pub port: u16,
    child: Child,
    _dir: tempfile::TempDir,
    /// `user:password` when started with htpasswd auth.
    basic: Option<String>,
    data: PathBuf,
    /// For a TLS server: the self-signed certificate (PEM) clients must trust.
    pub cert: Option<PathBuf>,
}

/// bcrypt of "hunter2" (cost 5), for `testuser`.
const HTPASSWD: &str = "testuser:$2b$05$K2aXTcN7K3ZlyEgOHDhET.PVtpg5ARFYm.CLNHQEVhSCsNbyz2WEa\n";

fn binary() -> PathBuf {
    for dir in std::env::var("PATH").unwrap_or_default().split(':').chain(["/usr/bin", "/usr/sbin"]) {
        let p = PathBuf::from(dir).join("docker-registry");
        if p.is_file() {
            return p;
        }
    }
    panic!("these tests need Debian's `docker-registry` (apt-get install -y docker-registry); .ci/run installs it");
}

impl Registry {
    pub fn start() -> Registry {
        Registry::start_with(false)
    }

    /// With htpasswd auth: every request needs `testuser:hunter2`.
    pub fn start_with_auth() -> Registry {
        Registry::start_with(true)
    }

    fn start_with(auth: bool) -> Registry {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        Registry::spawn(dir, data, auth, false)
    }

    /// A second server over the same storage, speaking HTTPS with a fresh self-signed
    /// certificate for 127.0.0.1 (pushes go through the plain one).
    pub fn tls_view(&self) -> Registry {
        let dir = tempfile::tempdir().unwrap();
        let status = Command::new("openssl")
            .args(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1"])
            .args(["-addext", "subjectAltName=IP:127.0.0.1", "-addext", "basicConstraints=critical,CA:FALSE"])
            .arg("-keyout")
            .arg(dir.path().join("key.pem"))
            .arg("-out")
            .arg(dir.path().join("cert.pem"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .expect("openssl makes the test certificate");
        assert!(status.success());
        Registry::spawn(dir, self.data.clone(), false, true)
    }

    fn spawn(dir: tempfile::TempDir, data: PathBuf, auth: bool, tls: bool) -> Registry {
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let mut config = format!(
            "version: 0.1\nlog:\n  level: error\n  accesslog:\n    disabled: true\nstorage:\n  filesystem:\n    rootdirectory: {}\n  delete:\n    enabled: true\nhttp:\n  addr: 127.0.0.1:{port}\n  secret: shipshape-test\n",
            data.display()
        );
        let cert = tls.then(|| dir.path().join("cert.pem"));
        if tls {
            config += &format!(
                "  tls:\n    certificate: {}\n    key: {}\n",
                dir.path().join("cert.pem").display(),
                dir.path().join("key.pem").display()
            );
        }
        if auth {
            std::fs::write(dir.path().join("htpasswd"), HTPASSWD).unwrap();
            config +=
                &format!("auth:\n  htpasswd:\n    realm: test\n    path: {}\n", dir.path().join("htpasswd").display());
        }
        let cfg = dir.path().join("config.yml");
        std::fs::write(&cfg, config).unwrap();
        let child = Command::new(binary())
            .arg("serve")
            .arg(&cfg)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start docker-registry");
        let r = Registry { port, child, _dir: dir, basic: auth.then(|| "testuser:hunter2".to_string()), data, cert };
        let deadline = Instant::now() + Duration::from_secs(20);
        while r.raw("GET", "/v2/", &[], b"").is_none() {
            assert!(Instant::now() < deadline, "docker-registry did not start on port {port}");
            std::thread::sleep(Duration::from_millis(50));
        }
        r
    }

    pub fn url(&self) -> String {
        let scheme = if self.cert.is_some() { "https" } else { "http" };
        format!("{scheme}://127.0.0.1:{}", self.port)
    }

    pub fn host(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// One HTTP/1.1 request; `(status, headers, body)`, or `None` when nothing listens yet.
    fn raw(&self, method: &str, target: &str, headers: &[(&str, &str)], body: &[u8]) -> Option<(u16, String, Vec<u8>)> {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).ok()?;
        let mut head = format!(
            "{method} {target} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\nContent-Length: {}\r\n",
            self.port,
            body.len()
        );
        if let Some(b) = &self.basic {
            use base64::Engine;
            head += &format!("Authorization: Basic {}\r\n", base64::engine::general_purpose::STANDARD.encode(b));
        }
        for (k, v) in headers {
            head += &format!("{k}: {v}\r\n");
        }
        head += "\r\n";
        s.write_all(head.as_bytes()).ok()?;
        s.write_all(body).ok()?;
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).ok()?;
        let split = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
        let head = String::from_utf8_lossy(&raw[..split]).to_string();
        let status = head.split_whitespace().nth(1)?.parse().ok()?;
        Some((status, head, raw[split + 4..].to_vec()))
    }

    fn request(&self, method: &str, target: &str, headers: &[(&str, &str)], body: &[u8]) -> (u16, String) {
        let (status, head, body) = self.raw(method, target, headers, body).expect("registry answers");
        assert!(status < 300, "{method} {target}: {status}\n{head}\n{}", String::from_utf8_lossy(&body));
        (status, head)
    }

    /// Uploads a blob (monolithic: POST then PUT ?digest=) and returns its digest.
    pub fn push_blob(&self, repo: &str, data: &[u8]) -> String {
        let digest = sha256(data);
        let (_, head) = self.request("POST", &format!("/v2/{repo}/blobs/uploads/"), &[], b"");
        let location = head
            .lines()
            .find_map(|l| l.strip_prefix("Location: ").or_else(|| l.strip_prefix("location: ")))
            .expect("upload location")
            .trim()
            .to_string();
        let location = location.strip_prefix(&self.url()).unwrap_or(&location).to_string();
        let sep = if location.contains('?') { '&' } else { '?' };
        let target = format!("{location}{sep}digest={digest}");
        self.request("PUT", &target, &[("Content-Type", "application/octet-stream")], data);
        digest
    }

    /// Pushes a one-layer image whose config names `label` (so different labels give
    /// different digests) and tags it with every tag; returns the manifest digest.
    pub fn push_image(&self, repo: &str, label: &str, tags: &[&str]) -> String {
        let layer = self.push_blob(repo, label.as_bytes());
        let config = format!(
            r#"{{"architecture":"amd64","os":"linux","config":{{"Labels":{{"test":"{label}"}}}},"rootfs":{{"type":"layers","diff_ids":["{layer}"]}}}}"#
        );
        let config_digest = self.push_blob(repo, config.as_bytes());
        let manifest = format!(
            r#"{{"schemaVersion":2,"mediaType":"{OCI_MANIFEST}","config":{{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{config_digest}","size":{}}},"layers":[{{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"{layer}","size":{}}}]}}"#,
            config.len(),
            label.len()
        );
        self.put_manifest(repo, OCI_MANIFEST, &manifest, tags)
    }

    /// Pushes an OCI index over two single-platform images and tags it.
    pub fn push_index(&self, repo: &str, label: &str, tags: &[&str]) -> String {
        let amd = self.push_image(repo, &format!("{label}-amd64"), &[]);
        let arm = self.push_image(repo, &format!("{label}-arm64"), &[]);
        let size = |d: &str| self.manifest_size(repo, d);
        let index = format!(
            r#"{{"schemaVersion":2,"mediaType":"{OCI_INDEX}","manifests":[{{"mediaType":"{OCI_MANIFEST}","digest":"{amd}","size":{},"platform":{{"architecture":"amd64","os":"linux"}}}},{{"mediaType":"{OCI_MANIFEST}","digest":"{arm}","size":{},"platform":{{"architecture":"arm64","os":"linux"}}}}]}}"#,
            size(&amd),
            size(&arm)
        );
        self.put_manifest(repo, OCI_INDEX, &index, tags)
    }

    fn manifest_size(&self, repo: &str, digest: &str) -> usize {
        let (_, _, body) =
            self.raw("GET", &format!("/v2/{repo}/manifests/{digest}"), &[("Accept", OCI_MANIFEST)], b"").unwrap();
        body.len()
    }

    /// PUTs a manifest by digest, then under each tag; returns the digest.
    pub fn put_manifest(&self, repo: &str, media_type: &str, body: &str, tags: &[&str]) -> String {
        let digest = sha256(body.as_bytes());
        self.request(
            "PUT",
            &format!("/v2/{repo}/manifests/{digest}"),
            &[("Content-Type", media_type)],
            body.as_bytes(),
        );
        for t in tags {
            self.request("PUT", &format!("/v2/{repo}/manifests/{t}"), &[("Content-Type", media_type)], body.as_bytes());
        }
        digest
    }
}

impl Drop for Registry {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn sha256(data: &[u8]) -> String {
    format!("sha256:{:x}", Sha256::digest(data))
}
