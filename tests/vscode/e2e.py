"""The VS Code extension end to end, in a real VS Code (code-server) driven by Playwright.

Run by tests/vscode/run, which installs code-server, Chromium and Playwright first:

    python e2e.py --vsix shipshape-linux-x64.vsix --code-server BIN --chromium BIN --work DIR

Each check prints `ok: ...` or `FAIL: ...`; the last line is `N passed, M failed`. A failed
check leaves a screenshot in DIR and prints its path. The expected findings come from the
server inside the .vsix (`shipshape check --format json`), so the editor is compared with
the very binary it runs.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import stat
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, sync_playwright

# A Dockerfile and a Compose file with known findings, some with offline fixes.
DOCKERFILE = "from node:latest\nRUN npm ci\n"
COMPOSE = "services:\n  web:\n    image: nginx\n    build: .\n"
# The finding hovered (on the image reference) and the quick fix applied (on `from`).
HOVER_RULE = "latest-tag"
FIX_RULE = "consistent-instruction-casing"

TIMEOUT = 60.0  # seconds, for every wait on the editor

passed = 0
failed = 0
work: Path
page: Page | None = None


def ok(name: str) -> None:
    global passed
    passed += 1
    print(f"ok: {name}", flush=True)


def fail(name: str, why: str) -> None:
    global failed
    failed += 1
    print(f"FAIL: {name} ({why})" if why else f"FAIL: {name}", flush=True)
    if page is not None:
        shot = work / f"fail-{failed}-{re.sub(r'[^a-z0-9]+', '-', name.lower()).strip('-')}.png"
        try:
            page.screenshot(path=str(shot))
            print(f"  screenshot: {shot}", flush=True)
        except PlaywrightError as e:
            print(f"  (no screenshot: {e})", flush=True)


class CheckFailed(Exception):
    pass


def poll(what: str, probe, timeout: float = TIMEOUT, interval: float = 0.25):
    """Calls probe() until it returns a truthy value; raises CheckFailed after timeout."""
    deadline = time.monotonic() + timeout
    last = None
    while True:
        try:
            last = probe()
        except PlaywrightError as e:
            last = None
            err = e
        else:
            err = None
        if last:
            return last
        if time.monotonic() > deadline:
            raise CheckFailed(f"timed out after {timeout:.0f}s waiting for {what}" + (f" ({err})" if err else ""))
        time.sleep(interval)


# --- the expected findings, from the server in the .vsix ----------------------------------


def bundled_server(vsix: Path, into: Path) -> Path:
    with zipfile.ZipFile(vsix) as z:
        names = [n for n in z.namelist() if n == "extension/server/shipshape"]
        if not names:
            raise SystemExit(f"{vsix} has no extension/server/shipshape: not a linux platform package")
        z.extract(names[0], into)
    binary = into / names[0]
    binary.chmod(binary.stat().st_mode | stat.S_IXUSR)
    return binary


def expected_findings(server: Path, folder: Path) -> dict[str, list[dict]]:
    run = subprocess.run([str(server), "check", "--format", "json", str(folder)], capture_output=True, text=True)
    if run.returncode not in (0, 1):
        raise SystemExit(f"shipshape check failed ({run.returncode}): {run.stderr}")
    by_file: dict[str, list[dict]] = {}
    for d in json.loads(run.stdout)["diagnostics"]:
        by_file.setdefault(Path(d["file"]).name, []).append(d)
    return by_file


def plain(markdown: str) -> str:
    """Markdown as the hover renders it, near enough to compare: no code ticks or emphasis,
    whitespace collapsed."""
    return " ".join(re.sub(r"[`*]", "", markdown).split())


def rule_why(server: Path, rule: str) -> str:
    """The first paragraph of the rule's `## Why` (`shipshape explain RULE`), as plain text."""
    out = subprocess.run([str(server), "explain", rule], capture_output=True, text=True, check=True).stdout
    m = re.search(r"^## Why\n(.+?)(?:\n\n|\n#|$)", out, re.M | re.S)
    if not m:
        raise SystemExit(f"`shipshape explain {rule}` has no `## Why` section:\n{out}")
    return plain(m.group(1))


def formatted(server: Path, text: str, into: Path) -> str:
    """What `shipshape format` makes of a Dockerfile with this text."""
    into.mkdir(parents=True, exist_ok=True)
    (into / "Dockerfile").write_text(text)
    subprocess.run([str(server), "format", str(into / "Dockerfile")], capture_output=True, text=True, check=True)
    return (into / "Dockerfile").read_text()


def apply_edits(text: str, edits: list[dict]) -> str:
    """Applies the JSON fix edits (1-based lines and columns, in characters)."""
    lines = text.split("\n")

    def offset(line: int, col: int) -> int:
        return sum(len(lines[i]) + 1 for i in range(line - 1)) + col - 1

    for e in sorted(edits, key=lambda e: (e["line"], e["column"]), reverse=True):
        start, end = offset(e["line"], e["column"]), offset(e["end_line"], e["end_column"])
        text = text[:start] + e["new_text"] + text[end:]
    return text


# --- code-server ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_code_server(code_server: str, port: int, user_data: Path, extensions: Path, folder: Path, log: Path):
    config = work / "code-server.yaml"
    env = dict(os.environ)
    proc = subprocess.Popen(
        [
            code_server,
            "--config", str(config),
            "--bind-addr", f"127.0.0.1:{port}",
            "--auth", "none",
            "--disable-telemetry",
            "--disable-update-check",
            "--disable-workspace-trust",
            "--disable-getting-started-override",
            "--user-data-dir", str(user_data),
            "--extensions-dir", str(extensions),
            str(folder),
        ],
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        env=env,
        start_new_session=True,
    )

    def healthy():
        if proc.poll() is not None:
            raise CheckFailed(f"code-server exited with {proc.returncode}: {log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                return r.status == 200
        except OSError:
            return False

    poll("code-server to answer on /healthz", healthy)
    return proc


def user_settings(user_data: Path, extra: dict) -> None:
    settings = {
        "telemetry.telemetryLevel": "off",
        "update.mode": "none",
        "extensions.autoUpdate": False,
        "extensions.autoCheckUpdates": False,
        "extensions.ignoreRecommendations": True,
        "workbench.startupEditor": "none",
        "workbench.tips.enabled": False,
        "workbench.enableExperiments": False,
        "workbench.welcomePage.walkthroughs.openOnInstall": False,
        "workbench.secondarySideBar.defaultVisibility": "hidden",
        "chat.disableAIFeatures": True,
        "security.workspace.trust.enabled": False,
        "git.enabled": False,
        "editor.hover.delay": 200,
        "editor.lightbulb.enabled": "on",
        "files.autoSave": "off",
        "window.restoreWindows": "none",
        **extra,
    }
    (user_data / "User").mkdir(parents=True, exist_ok=True)
    (user_data / "User" / "settings.json").write_text(json.dumps(settings, indent=2))


# --- the workbench, as a user drives it -----------------------------------------------------


def command(label: str) -> None:
    """Runs a command from the command palette (F1), by its exact label."""
    assert page is not None
    page.keyboard.press("Escape")
    page.keyboard.press("F1")
    box = page.locator(".quick-input-widget .quick-input-box input")
    poll("the command palette", lambda: box.is_visible())
    box.fill(">" + label)

    def row():
        for r in page.locator(".quick-input-widget .quick-input-list .monaco-list-row").all():
            name = r.locator(".label-name").first.text_content() or ""
            if name.replace("\u00a0", " ").strip() == label:
                return r
        return None

    poll(f"the command `{label}` in the command palette", row).click()


def open_file(name: str) -> None:
    """Opens a workspace file with Quick Open, and waits for its editor."""
    assert page is not None
    page.keyboard.press("Escape")
    page.keyboard.press("F1")
    box = page.locator(".quick-input-widget .quick-input-box input")
    poll("quick open", lambda: box.is_visible())
    box.fill(name)

    def row():
        for r in page.locator(".quick-input-widget .quick-input-list .monaco-list-row").all():
            label = (r.locator(".label-name").first.text_content() or "").replace("\u00a0", " ").strip()
            if label == name:
                return r
        return None

    poll(f"`{name}` in quick open", row).click()
    poll(f"the editor of `{name}`", lambda: active_tab() == name)
    poll(f"the text of `{name}`", lambda: editor_lines())


def active_tab() -> str:
    assert page is not None
    # The tab's label splits `compose.yaml` into name and suffix; the tab keeps the whole name.
    tab = page.locator(".editor-group-container.active .tab.active").first
    return (tab.get_attribute("data-resource-name") or "").strip() if tab.count() else ""


def editor_lines() -> list[str]:
    """The active editor's text as rendered, line by line (short files: all lines rendered)."""
    assert page is not None
    lines = page.locator(".editor-group-container.active .monaco-editor .view-lines .view-line")
    rows = lines.evaluate_all(
        "els => els.map(e => [parseFloat(e.style.top) || 0, e.textContent])"
    )
    rows.sort(key=lambda r: r[0])
    return [t.replace("\u00a0", " ") for _, t in rows]


def go_to(line: int, column: int) -> None:
    """Moves the cursor with Go to Line/Column (Ctrl+G)."""
    assert page is not None
    page.keyboard.press("Escape")
    page.keyboard.press("Control+G")
    box = page.locator(".quick-input-widget .quick-input-box input")
    poll("go to line", lambda: box.is_visible())
    box.fill(f":{line}:{column}")
    box.press("Enter")
    poll("the cursor to move", lambda: cursor() == (line, column))


def cursor() -> tuple[int, int] | None:
    """The cursor position from the status bar (`Ln 1, Col 12`)."""
    assert page is not None
    item = page.locator("#status\\.editor\\.selection").first
    text = item.text_content() if item.count() else ""
    m = re.search(r"Ln (\d+), Col (\d+)", text or "")
    return (int(m.group(1)), int(m.group(2))) if m else None


def panel_text(selector: str) -> str:
    assert page is not None
    loc = page.locator(selector)
    return " ".join((t or "") for t in loc.all_text_contents()).replace("\u00a0", " ")


def problems() -> dict[str, dict]:
    """The Problems panel: per file, its badge and its entries (rule, severity, line, column,
    message), in the panel's order."""
    assert page is not None
    rows = page.locator(".markers-panel .monaco-list-row").evaluate_all(
        """els => els.map(e => {
            const text = sel => ((e.querySelector(sel) || {}).textContent || '');
            const icon = e.querySelector('.marker-icon');
            return {
                level: parseInt(e.getAttribute('aria-level') || '0'),
                index: parseInt(e.getAttribute('data-index') || '0'),
                file: text('.label-name'),
                badge: text('.monaco-count-badge'),
                code: text('.marker-code'),
                message: text('.marker-message'),
                position: text('.marker-line'),
                severity: icon ? ['error', 'warning', 'info'].find(c => icon.classList.contains(c)) || '?' : '',
            };
        })"""
    )
    rows.sort(key=lambda r: r["index"])
    out: dict[str, dict] = {}
    current = None
    for r in rows:
        if r["level"] == 1:
            current = out.setdefault(r["file"].strip(), {"badge": r["badge"].strip(), "entries": []})
        elif r["level"] == 2 and current is not None:
            m = re.search(r"Ln (\d+), Col (\d+)", r["position"])
            current["entries"].append(
                (r["code"].strip(), r["severity"], int(m.group(1)) if m else 0, int(m.group(2)) if m else 0, r["message"].strip())
            )
    return out


def problems_badge() -> str:
    """The count on the Problems tab of the panel."""
    assert page is not None
    for tab in page.locator(".part.panel .composite-bar .action-item").all():
        label = (tab.get_attribute("aria-label") or "") + " " + (tab.text_content() or "")
        if "Problems" in label:
            badge = tab.locator(".badge-content")
            return (badge.first.text_content() or "").strip() if badge.count() else ""
    return ""


def bundled_server_processes(extensions: Path) -> list[str]:
    """Command lines of running `…/extensions/…/server/shipshape lsp` processes (the language
    client adds `--stdio`)."""
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        argv = [a.decode(errors="replace") for a in argv if a]
        if argv and argv[0].startswith(str(extensions) + "/") and argv[0].endswith("/server/shipshape") and argv[1:2] == ["lsp"]:
            found.append(" ".join(argv))
    return found


def main() -> int:
    global work, page
    ap = argparse.ArgumentParser()
    ap.add_argument("--vsix", required=True, type=Path)
    ap.add_argument("--code-server", required=True)
    ap.add_argument("--chromium", required=True)
    ap.add_argument("--work", required=True, type=Path)
    # User settings (JSON) on top of the test's: to see the checks fail (a `shipshape.path`,
    # an ignored rule, hovers off, another formatter).
    ap.add_argument("--settings", default="{}", type=json.loads)
    args = ap.parse_args()
    work = args.work
    vsix = args.vsix.resolve()
    started = time.monotonic()

    folder = work / "workspace"
    folder.mkdir()
    (folder / "Dockerfile").write_text(DOCKERFILE)
    (folder / "compose.yaml").write_text(COMPOSE)
    server = bundled_server(vsix, work / "vsix")
    expected = expected_findings(server, folder)
    fix = next((d["fix"] for d in expected.get("Dockerfile", []) if d["rule"] == FIX_RULE and d.get("fix")), None)
    if fix is None:
        raise SystemExit(f"the bundled server gives no {FIX_RULE} fix for the test Dockerfile: {expected}")
    hovered = next((d for d in expected.get("Dockerfile", []) if d["rule"] == HOVER_RULE), None)
    if hovered is None:
        raise SystemExit(f"the bundled server gives no {HOVER_RULE} finding for the test Dockerfile")
    why = rule_why(server, HOVER_RULE)
    pretty = formatted(server, DOCKERFILE, work / "formatted")
    if pretty == DOCKERFILE:
        raise SystemExit(f"`shipshape format` leaves the test Dockerfile as it is: {DOCKERFILE!r}")
    print("expected findings: " + ", ".join(f"{f} {len(ds)}" for f, ds in sorted(expected.items())), flush=True)

    user_data, extensions = work / "user-data", work / "extensions"
    user_settings(user_data, args.settings)
    (work / "code-server.yaml").write_text("")  # keeps code-server off ~/.config/code-server
    # No extension gallery (code-server's default is open-vsx.org): nothing is looked up.
    os.environ["EXTENSIONS_GALLERY"] = "{}"
    install = subprocess.run(
        [args.code_server, "--config", str(work / "code-server.yaml"), "--user-data-dir", str(user_data), "--extensions-dir", str(extensions),
         "--install-extension", str(vsix), "--force"],
        capture_output=True, text=True,
    )
    installed = list(extensions.glob("shipshape.shipshape-*/server/shipshape"))
    if install.returncode == 0 and installed:
        ok(f"install the .vsix ({installed[0].parent.parent.name})")
    else:
        fail("install the .vsix", f"exit {install.returncode}, bundled server {installed}: {install.stdout}{install.stderr}")
        return 1

    port = free_port()
    proc = None
    try:
        proc = start_code_server(args.code_server, port, user_data, extensions, folder, work / "code-server.log")
        with sync_playwright() as pw:
            context = pw.chromium.launch_persistent_context(
                str(work / "chromium"),
                executable_path=args.chromium,
                headless=True,
                args=[
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                ],
                viewport={"width": 1600, "height": 1200},
            )
            page = context.pages[0] if context.pages else context.new_page()
            page.set_default_timeout(TIMEOUT * 1000)
            page.goto(f"http://127.0.0.1:{port}/?folder={folder}")
            page.locator(".monaco-workbench").wait_for()
            run_checks(extensions, expected, fix, hovered, why, pretty)
            context.close()
            page = None
    except CheckFailed as e:
        fail("the workbench", str(e))
    finally:
        if proc is not None:
            os.killpg(proc.pid, 15)
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, 9)
    print(f"({time.monotonic() - started:.0f}s in the editor checks)", flush=True)
    return 0


def check(name: str):
    """Runs the decorated function as one check: ok, or FAIL with its reason."""

    def wrap(fn):
        def run(*a, **kw):
            try:
                detail = fn(*a, **kw)
            except (CheckFailed, PlaywrightError) as e:
                fail(name, str(e).splitlines()[0] if str(e) else type(e).__name__)
                return False
            ok(f"{name}" + (f" ({detail})" if detail else ""))
            return True

        return run

    return wrap


def run_checks(extensions: Path, expected: dict[str, list[dict]], fix: dict, hovered: dict, why: str, pretty: str) -> None:
    assert page is not None

    @check("the extension activates and starts the bundled server")
    def activation():
        open_file("Dockerfile")
        procs = poll("a bundled server process", lambda: bundled_server_processes(extensions))
        command("shipshape: Show output")
        text = poll(
            "`Starting shipshape` in the shipshape output channel",
            lambda: (t := panel_text(".part.panel .monaco-editor .view-lines")) and "Starting shipshape" in t and t,
        )
        m = re.search(r"Starting (shipshape \S+) \((\w+): (\S+)\)", text)
        if not m:
            raise CheckFailed(f"unexpected output channel text: {text!r}")
        if m.group(2) != "bundled" or not m.group(3).startswith(str(extensions) + "/"):
            raise CheckFailed(f"the output channel says {m.group(0)!r}, not the bundled server under {extensions}")
        return f"{m.group(1)}, {m.group(2)}; process {procs[0]}"

    @check("Problems panel lists each finding exactly once, as `shipshape check --format json`")
    def problems_check():
        open_file("compose.yaml")
        page.keyboard.press("Escape")
        page.keyboard.press("Control+Shift+M")
        poll("the Problems panel", lambda: page.locator(".markers-panel").first.is_visible())
        # Every row rendered (the list is virtual): the panel takes the whole window.
        command("View: Toggle Maximized Panel")
        try:
            want = {
                f: sorted((d["rule"], d["severity"], d["line"], d["column"], d["message"]) for d in ds)
                for f, ds in expected.items()
            }
            total = sum(len(ds) for ds in want.values())

            def shown():
                panel = problems()
                return (
                    {f: sorted(p["entries"]) for f, p in panel.items()},
                    {f: p["badge"] for f, p in panel.items()},
                    problems_badge(),
                )

            def matches(now):
                entries, badges, badge = now
                return entries == want and badges == {f: str(len(ds)) for f, ds in want.items()} and badge == str(total)

            try:
                poll("the findings in the Problems panel", lambda: matches(shown()))
            except CheckFailed:
                pass
            # Late duplicates (a second publish, a pull and a push both shown): still the same
            # three seconds on.
            time.sleep(3)
            entries, badges, badge = now = shown()
            if not matches(now):
                extra = {f: [e for e in es if es.count(e) > want.get(f, []).count(e)] for f, es in entries.items()}
                missing = {f: [e for e in ws if entries.get(f, []).count(e) < ws.count(e)] for f, ws in want.items()}
                raise CheckFailed(
                    f"expected {total} findings (tab badge {total}); the panel shows file badges {badges}, "
                    f"tab badge {badge!r}; extra or duplicated: {({f: e for f, e in extra.items() if e})}; "
                    f"missing: {({f: m for f, m in missing.items() if m})}"
                )
        finally:
            command("View: Toggle Maximized Panel")
        return "; ".join(f"{f}: {', '.join(e[0] for e in es)}" for f, es in sorted(entries.items())) + f"; badge {badge}"

    @check("hover on the image reference explains the finding")
    def hover():
        open_file("Dockerfile")
        d = hovered
        go_to(d["line"], d["column"] + 1)
        page.keyboard.press("Control+K")
        page.keyboard.press("Control+I")
        finding = plain(f"{d['rule']} ({d['severity']}): {d['message']}")
        text = poll(
            f"a hover with `{finding}`",
            lambda: (t := plain(panel_text(".monaco-hover:visible"))) and finding in t and t,
        )
        if why not in text:
            raise CheckFailed(f"the hover lacks the rule's explanation {why!r}: {text!r}")
        page.keyboard.press("Escape")
        return f"{finding!r} and its Why"

    @check("quick fix rewrites the text as the server's fix says")
    def quick_fix():
        open_file("Dockerfile")
        page.keyboard.press("Escape")
        edit = fix["edits"][0]
        go_to(edit["line"], edit["column"] + 1)
        page.keyboard.press("Control+Period")
        title = fix["title"]

        def action():
            for r in page.locator(".action-widget .monaco-list-row").all():
                if (r.text_content() or "").replace("\u00a0", " ").strip().startswith(title):
                    return r
            return None

        poll(f"the quick fix `{title}`", action).click()
        want = apply_edits(DOCKERFILE, fix["edits"])
        if want == DOCKERFILE:
            raise CheckFailed(f"the server's fix changes nothing: {fix}")
        poll(f"the editor to show {want!r}", lambda: editor_lines() == want.split("\n"))
        page.keyboard.press("Control+S")
        disk = folder_path() / "Dockerfile"
        poll(f"the fixed Dockerfile on disk ({want!r})", lambda: disk.read_text() == want)
        return f"{title!r}: {DOCKERFILE.splitlines()[0]!r} -> {want.splitlines()[0]!r}"

    @check("Format Document formats as `shipshape format`")
    def formatting():
        open_file("Dockerfile")
        disk = folder_path() / "Dockerfile"
        disk.write_text(DOCKERFILE)
        command("File: Revert File")
        poll("the editor to show the unformatted text", lambda: editor_lines() == DOCKERFILE.split("\n"))
        command("Format Document")

        def outcome():
            # "There is no formatter for …" (a notification), "… is configured as formatter but
            # not available" (a dialog): not formatted, and no need to wait.
            said = panel_text(".notifications-toasts") + " " + panel_text(".monaco-dialog-box")
            if "formatter" in said.lower():
                return "none"
            return "formatted" if editor_lines() == pretty.split("\n") else None

        if poll(f"the editor to show {pretty!r}", outcome) == "none":
            said = panel_text(".notifications-toasts") + " " + panel_text(".monaco-dialog-box")
            raise CheckFailed(f"no formatter: {' '.join(said.split())!r}")
        page.keyboard.press("Control+S")
        poll(f"the formatted Dockerfile on disk ({pretty!r})", lambda: disk.read_text() == pretty)
        return f"{DOCKERFILE!r} -> {pretty!r}"

    def folder_path() -> Path:
        return work / "workspace"

    activation()
    problems_check()
    hover()
    quick_fix()
    formatting()


if __name__ == "__main__":
    try:
        main()
    except BaseException as e:  # a broken setup (SystemExit with a reason), a crash, ^C
        if not (isinstance(e, SystemExit) and e.code in (0, None)):
            fail("the test itself", str(e) or type(e).__name__)
            if not isinstance(e, SystemExit):
                import traceback

                traceback.print_exc()
    print(f"{passed} passed, {failed} failed", flush=True)
    sys.exit(1 if failed else 0)
