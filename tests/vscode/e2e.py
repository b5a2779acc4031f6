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
import shutil
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
# What the casing quick fix and the formatter must make of line 1.
FIXED_LINE_1 = "FROM node:latest"
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


def rule_summary(server: Path, rule: str) -> str:
    """The rule's one-line explanation (`shipshape rules`), as rendered text (no backticks)."""
    out = subprocess.run([str(server), "rules"], capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        if line.split(" ", 1)[0] == rule:
            # name, severity, category (may hold one space), summary: columns are 2+ spaces apart.
            return re.split(r"\s{2,}", line.strip())[-1].replace("`", "")
    raise SystemExit(f"`shipshape rules` does not list {rule}")


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


def user_settings(user_data: Path) -> None:
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
    tab = page.locator(".editor-group-container.active .tab.active .label-name").first
    return (tab.text_content() or "").strip() if tab.count() else ""


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
    """The Problems panel: per file, the badge count and the entries (rows) under it."""
    assert page is not None
    rows = page.locator(".markers-panel .monaco-list-row").evaluate_all(
        """els => els.map(e => ({
            level: parseInt(e.getAttribute('aria-level') || '0'),
            label: e.getAttribute('aria-label') || '',
            file: (e.querySelector('.label-name') || {}).textContent || '',
            badge: (e.querySelector('.monaco-count-badge') || {}).textContent || '',
            code: (e.querySelector('.marker-code') || e.querySelector('.code') || {}).textContent || '',
            top: parseFloat(e.style.top) || 0,
        }))"""
    )
    rows.sort(key=lambda r: r["top"])
    out: dict[str, dict] = {}
    current = None
    for r in rows:
        if r["level"] == 1:
            current = out.setdefault(r["file"].strip(), {"badge": r["badge"].strip(), "entries": []})
        elif r["level"] == 2 and current is not None:
            current["entries"].append(r["label"] or r["code"])
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
    """Command lines of running `…/extensions/…/server/shipshape lsp` processes."""
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        argv = [a.decode(errors="replace") for a in argv if a]
        if argv and argv[0].startswith(str(extensions) + "/") and argv[0].endswith("/server/shipshape") and argv[1:] == ["lsp"]:
            found.append(" ".join(argv))
    return found


def main() -> int:
    global work, page
    ap = argparse.ArgumentParser()
    ap.add_argument("--vsix", required=True, type=Path)
    ap.add_argument("--code-server", required=True)
    ap.add_argument("--chromium", required=True)
    ap.add_argument("--work", required=True, type=Path)
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
    hover_summary = rule_summary(server, HOVER_RULE)
    if not any(d["rule"] == HOVER_RULE for d in expected.get("Dockerfile", [])):
        raise SystemExit(f"the bundled server gives no {HOVER_RULE} finding for the test Dockerfile")
    print("expected findings: " + ", ".join(f"{f} {len(ds)}" for f, ds in sorted(expected.items())), flush=True)

    user_data, extensions = work / "user-data", work / "extensions"
    user_settings(user_data)
    (work / "code-server.yaml").write_text("")  # keeps code-server off ~/.config/code-server
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
                viewport={"width": 1600, "height": 1000},
            )
            page = context.pages[0] if context.pages else context.new_page()
            page.set_default_timeout(TIMEOUT * 1000)
            page.goto(f"http://127.0.0.1:{port}/?folder={folder}")
            page.locator(".monaco-workbench").wait_for()
            run_checks(extensions, expected, fix, hover_summary)
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


def run_checks(extensions: Path, expected: dict[str, list[dict]], fix: dict, hover_summary: str) -> None:
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

    @check("Problems panel lists each finding exactly once")
    def problems_check():
        open_file("compose.yaml")
        page.keyboard.press("Escape")
        page.keyboard.press("Control+Shift+M")
        poll("the Problems panel", lambda: page.locator(".markers-panel").first.is_visible())
        want = {f: len(ds) for f, ds in expected.items()}
        total = sum(want.values())

        def settled():
            got = {f: len(p["entries"]) for f, p in problems().items()}
            return got if sum(got.values()) >= total and set(got) >= set(want) else None

        try:
            poll("the findings in the Problems panel", settled)
        except CheckFailed:
            pass
        # Late duplicates: read again until two reads, a second apart, agree.
        prev = None
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            now = (problems(), problems_badge())
            if now == prev:
                break
            prev = now
            time.sleep(1)
        panel, badge = prev
        got = {f: len(p["entries"]) for f, p in panel.items()}
        badges = {f: p["badge"] for f, p in panel.items()}
        if got != want or any(badges[f] != str(n) for f, n in want.items() if f in badges) or badge != str(total):
            raise CheckFailed(f"expected {want} (badge {total}), the panel shows {got}, file badges {badges}, tab badge {badge!r}")
        return f"{', '.join(f'{f} {n}' for f, n in sorted(got.items()))}; badge {badge}"

    @check("hover on the image reference explains the finding")
    def hover():
        open_file("Dockerfile")
        d = next(d for d in expected["Dockerfile"] if d["rule"] == HOVER_RULE)
        go_to(d["line"], d["column"] + 1)
        page.keyboard.press("Control+K")
        page.keyboard.press("Control+I")
        text = poll(
            f"a hover with `{hover_summary}`",
            lambda: (t := panel_text(".monaco-hover:visible")) and hover_summary in " ".join(t.split()) and t,
        )
        if HOVER_RULE not in text:
            raise CheckFailed(f"the hover lacks the rule id: {text!r}")
        return f"{HOVER_RULE}: {hover_summary!r}"

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
        poll(f"the editor to show {want.splitlines()[0]!r}", lambda: editor_lines()[:1] == want.splitlines()[:1])
        page.keyboard.press("Control+S")
        disk = Path(folder_path(), "Dockerfile")
        poll("the fixed Dockerfile on disk", lambda: disk.read_text() == want)
        return f"{title!r}: {DOCKERFILE.splitlines()[0]!r} -> {want.splitlines()[0]!r}"

    @check("formatting")
    def formatting():
        open_file("Dockerfile")
        disk = Path(folder_path(), "Dockerfile")
        disk.write_text(DOCKERFILE)
        command("File: Revert File")
        poll("the editor to show the unformatted text", lambda: editor_lines()[:1] == DOCKERFILE.splitlines()[:1])
        command("Format Document")

        def outcome():
            toasts = panel_text(".notifications-toasts")
            if "no formatter" in toasts.lower() or "There is no formatter" in toasts:
                return "none"
            return "formatted" if editor_lines()[:1] == [FIXED_LINE_1] else None

        if poll("the document to be formatted", outcome) == "none":
            raise CheckFailed("server offers no formatter")
        page.keyboard.press("Control+S")
        poll("the formatted Dockerfile on disk", lambda: disk.read_text().startswith(FIXED_LINE_1 + "\n"))
        return f"{DOCKERFILE.splitlines()[0]!r} -> {FIXED_LINE_1!r}"

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
    finally:
        print(f"{passed} passed, {failed} failed", flush=True)
    sys.exit(1 if failed else 0)
