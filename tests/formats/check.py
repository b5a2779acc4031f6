"""Checks of `shipshape check`'s machine formats against real consumers (called by
tests/formats/run, which installs them; run from the repository root).

Each check prints `ok: NAME (detail)` or `FAIL: NAME` followed by indented lines naming
what the consumer rejected, with the offending snippet of our output; the last line is
`N passed, M failed`. The JSON format is the reference: every other format must carry
the same findings (file, line, rule, severity) as `--format json` of the same run.
"""

import argparse
import collections
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import xml.etree.ElementTree as ET

INPUTS = ["tests/realworld", "fixtures"]
HERE = os.path.dirname(os.path.abspath(__file__))
SCHEMA = os.path.join(HERE, "gitlab-codequality.schema.json")
MULTITOOL_CONFIG = os.path.join(HERE, "sarif-validate.xml")
CHECKSTYLE_CONSUMER = os.path.join(HERE, "checkstyle-consumer.js")

# JSON severity -> each format's word for it.
SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
GITLAB_SEVERITY = {"error": "major", "warning": "minor", "info": "info"}
CHECKSTYLE_SEVERITIES = {"error", "warning", "info", "ignore"}  # Checkstyle's SeverityLevel

# SARIF Multitool rules whose notes we accept, and why (its warnings and errors all fail).
ACCEPTED_NOTES = {
    "SARIF2002": "message text instead of id/arguments: our messages are built per finding",
    "SARIF2003": "no versionControlProvenance: shipshape does not read git",
    "SARIF2009": "rule ids are kebab-case words, not CS2001-style numbers",
    "SARIF2010": "no code snippets in regions: consumers read the files",
    "SARIF2011": "no contextRegion: same reason",
    "SARIF2012": "friendly rule name is not PascalCase (style advice)",
}

passed = 0
failed = 0
PROCS = []  # validator runs started in the background
T0 = time.monotonic()


def report(ok, name, detail="", lines=()):
    global passed, failed
    took = f"{time.monotonic() - T0:.0f}s"
    if ok:
        passed += 1
        print(f"ok: {name} ({detail + ', ' if detail else ''}{took})", flush=True)
    else:
        failed += 1
        print(f"FAIL: {name}{': ' + detail if detail else ''}", flush=True)
        for line in lines:
            print(f"    {line}", flush=True)


def clip(text, n=400):
    text = text if isinstance(text, str) else json.dumps(text, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= n else text[: n - 1] + "…"


def multiset_diff(name_a, a, name_b, b, limit=8):
    """Lines describing how two Counters differ (empty when equal)."""
    out = []
    only_a, only_b = a - b, b - a
    if only_a:
        out.append(f"{sum(only_a.values())} in {name_a} but not in {name_b}, e.g.:")
        out += [f"  {clip(repr(k), 300)} x{v}" for k, v in list(only_a.items())[:limit]]
    if only_b:
        out.append(f"{sum(only_b.values())} in {name_b} but not in {name_a}, e.g.:")
        out += [f"  {clip(repr(k), 300)} x{v}" for k, v in list(only_b.items())[:limit]]
    return out


def run(cmd, cwd=None, env=None):
    full_env = dict(os.environ, NO_COLOR="1")
    full_env.update(env or {})
    p = subprocess.run(cmd, cwd=cwd, env=full_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return p.returncode, p.stdout, p.stderr


def shipshape_run(shipshape, fmt, paths, cwd=None):
    return run([shipshape, "check", *paths, "--format", fmt], cwd=cwd)


def json_path(doc, path):
    """Resolves a validator path like runs[0].tool.driver.rules[18].name in `doc`."""
    cur = doc
    for part in re.findall(r"[^.\[\]]+|\[\d+\]", path):
        if part.startswith("["):
            cur = cur[int(part[1:-1])]
        elif part == "$schema" or isinstance(cur, dict):
            cur = cur[part]
        else:
            return None
    return cur


def snippet_for(doc, path):
    try:
        value = json_path(doc, path)
    except (KeyError, IndexError, TypeError):
        return None
    if isinstance(value, dict):  # keep a rule or result readable: nested values elided
        value = {k: ({} if isinstance(v, dict) else []) if isinstance(v, (dict, list)) else v for k, v in value.items()}
        return clip(json.dumps(value, ensure_ascii=False).replace("{}", "{…}").replace("[]", "[…]"), 500)
    return clip(value, 500)


class Reference:
    """`--format json` of one run: the findings every other format must carry."""

    def __init__(self, data, cwd):
        self.data = data
        self.cwd = cwd
        self.diags = data["diagnostics"]
        self.files_checked = data["files_checked"]
        self.files_with_findings = len({d["file"] for d in self.diags})

    def keys(self, *fields, sev=None):
        out = collections.Counter()
        for d in self.diags:
            row = []
            for f in fields:
                v = d[f]
                if f == "severity" and sev:
                    v = sev[v]
                row.append(v)
            out[tuple(row)] += 1
        return out

    def exists(self, path):
        return os.path.isfile(os.path.join(self.cwd, path))


# --------------------------------------------------------------------------- SARIF

def sarif_uri_to_path(sarif, location):
    art = location["physicalLocation"]["artifactLocation"]
    uri = art["uri"]
    base = art.get("uriBaseId")
    if base:
        base_uri = sarif["runs"][0]["originalUriBaseIds"][base]["uri"]
        uri = urllib.parse.urljoin(base_uri, uri)
    parsed = urllib.parse.urlparse(uri)
    if parsed.scheme != "file":
        raise ValueError(f"not a file URI: {uri}")
    return urllib.parse.unquote(parsed.path)


def start_multitool(multitool, sarif_file, workdir, tag):
    out_file = os.path.join(workdir, f"multitool-{tag}.sarif")
    log_file = os.path.join(workdir, f"multitool-{tag}.txt")
    cmd = [multitool, "validate", sarif_file, "--output", out_file, "--log", "ForceOverwrite",
           "--rule-kind", "Sarif;Ghas", "--level", "Error;Warning;Note", "--config", MULTITOOL_CONFIG]
    log = open(log_file, "wb")
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=dict(os.environ, DOTNET_CLI_TELEMETRY_OPTOUT="1"))
    PROCS.append(proc)
    return proc, out_file, log_file, log


MULTITOOL_LINE = re.compile(r"^(?P<file>.+)\((?P<line>\d+),(?P<col>\d+)\): (?P<level>error|warning|note) (?P<id>[A-Z]+\d+): (?P<path>[^:]*?): (?P<msg>.*)$")


def check_multitool(name, started, sarif_doc, examples=2):
    proc, out_file, log_file, log = started
    rc = proc.wait()
    log.close()
    text = open(log_file, encoding="utf-8", errors="replace").read()
    if rc != 0 or not os.path.exists(out_file):
        return report(False, name, f"validator exit {rc}", text.splitlines()[-15:])
    result = json.load(open(out_file, encoding="utf-8-sig"))
    inv = result["runs"][0].get("invocations", [{}])[0]
    if not inv.get("executionSuccessful", False):
        return report(False, name, "validator run not successful", [clip(inv, 1500)])
    by = collections.defaultdict(list)  # (level, id) -> [(path, msg)]
    for line in text.splitlines():
        m = MULTITOOL_LINE.match(line)
        if m:
            by[(m["level"], m["id"])].append((m["path"], m["msg"]))
    counted = collections.Counter()
    for r in result["runs"][0].get("results", []):
        counted[(r.get("level", "warning"), r["ruleId"])] += 1
    # Every result with message text draws a SARIF2002 note: none means nothing was analysed.
    if sarif_doc["runs"][0].get("results") and not counted[("note", "SARIF2002")]:
        return report(False, name, "the validator analysed nothing (it skips, silently and with exit 0, a log it "
                      "cannot deserialize, e.g. a value outside an enum): see the schema check", text.splitlines()[-6:])
    problems, notes = [], []
    for (level, rid), n in sorted(counted.items()):
        if level == "note" and rid in ACCEPTED_NOTES:
            notes.append(f"{rid} x{n}")
            continue
        problems.append(f"{level} {rid} x{n}:")
        for path, msg in by.get((level, rid), [])[:examples]:
            problems.append(f"  at {path}: {clip(msg, 300)}")
            snip = snippet_for(sarif_doc, path)
            if snip is not None:
                problems.append(f"    our output: {snip}")
    if problems:
        report(False, name, "validator errors/warnings/unaccepted notes", problems)
    else:
        report(True, name, "0 errors, 0 warnings" + (f"; accepted notes: {', '.join(notes)}" if notes else ""))


def check_sarif_structure(name, sarif, ref):
    lines = []
    if sarif.get("version") != "2.1.0" or len(sarif.get("runs", [])) != 1:
        return report(False, name, f"version {sarif.get('version')!r}, {len(sarif.get('runs', []))} runs")
    run0 = sarif["runs"][0]
    rules = run0["tool"]["driver"].get("rules", [])
    got = collections.Counter()
    missing = set()
    for i, r in enumerate(run0.get("results", [])):
        idx = r.get("ruleIndex")
        if idx is not None and (idx >= len(rules) or rules[idx]["id"] != r["ruleId"]):
            lines.append(f"results[{i}].ruleIndex {idx} does not name rule {r['ruleId']!r}")
        loc = r["locations"][0]
        try:
            path = sarif_uri_to_path(sarif, loc)
        except (KeyError, ValueError) as e:
            lines.append(f"results[{i}] location unresolvable ({e}): {clip(loc)}")
            continue
        if not os.path.isfile(path):
            missing.add(path)
        rel = os.path.relpath(path, ref.cwd)
        reg = loc["physicalLocation"]["region"]
        got[(rel, reg["startLine"], reg["startColumn"], reg.get("endLine"), reg.get("endColumn"), r["ruleId"], r.get("level", "warning"))] += 1
    if missing:
        lines.append(f"{len(missing)} result files do not exist: {sorted(missing)[:5]}")
    want = ref.keys("file", "line", "column", "end_line", "end_column", "rule", "severity", sev=SARIF_LEVEL)
    lines += multiset_diff("sarif", got, "json", want)
    if lines:
        report(False, name, "", lines[:40])
    else:
        report(True, name, f"{sum(got.values())} results in {len({k[0] for k in got})} files, all resolve via originalUriBaseIds")


def check_sarif_tools(name, venv, sarif_file, ref, workdir):
    tool = os.path.join(venv, "bin", "sarif")
    rc, out, err = run([tool, "summary", sarif_file])
    if rc != 0:
        return report(False, name, f"`sarif summary` exit {rc}", err.decode(errors="replace").splitlines()[-10:])
    text = out.decode()
    levels = {m[1]: int(m[2]) for m in re.finditer(r"^(error|warning|note): (\d+)$", text, re.M)}
    per_rule = collections.Counter()
    for m in re.finditer(r"^ - (\S+) .*: (\d+)$", text, re.M):
        per_rule[m[1]] += int(m[2])
    want_levels = collections.Counter(SARIF_LEVEL[d["severity"]] for d in ref.diags)
    lines = []
    for lvl in ("error", "warning", "note"):
        if levels.get(lvl, 0) != want_levels.get(lvl, 0):
            lines.append(f"`sarif summary` {lvl}: {levels.get(lvl, 0)}, json: {want_levels.get(lvl, 0)}")
    lines += multiset_diff("`sarif summary` per rule", per_rule, "json", collections.Counter(d["rule"] for d in ref.diags))
    csv_file = os.path.join(workdir, "sarif-tools.csv")
    rc, out, err = run([tool, "csv", "--output", csv_file, sarif_file])
    if rc != 0:
        lines.append(f"`sarif csv` exit {rc}: {clip(err.decode(errors='replace'))}")
    else:
        import csv
        rows = list(csv.DictReader(open(csv_file, newline="", encoding="utf-8")))
        got = collections.Counter((r["Location"], int(r["Line"]), r["Code"], r["Severity"]) for r in rows)
        lines += multiset_diff("`sarif csv`", got, "json", ref.keys("file", "line", "rule", "severity", sev=SARIF_LEVEL))
    ls_dir = os.path.join(workdir, "sarif-ls")  # a folder of its own: ls loads every .sarif in it
    os.makedirs(ls_dir, exist_ok=True)
    shutil.copy(sarif_file, os.path.join(ls_dir, "shipshape.sarif"))
    rc, out, err = run([tool, "ls", ls_dir])
    if rc != 0 or "shipshape.sarif" not in out.decode():
        lines.append(f"`sarif ls` (exit {rc}) does not list shipshape.sarif: {clip(out.decode() + err.decode(errors='replace'))}")
    rc, out, err = run([tool, "info", sarif_file])
    m = re.search(r"(\d+) results", out.decode())
    if rc != 0 or not m or int(m[1]) != len(ref.diags):
        lines.append(f"`sarif info` (exit {rc}) reports {m[1] if m else 'no'} results, json {len(ref.diags)}: {clip(out.decode())}")
    if lines:
        report(False, name, "", lines[:40])
    else:
        report(True, name, f"summary error/warning/note = {levels.get('error', 0)}/{levels.get('warning', 0)}/{levels.get('note', 0)}, "
                           f"{len(per_rule)} rules, csv rows and info's result count equal the JSON; ls lists it")


# --------------------------------------------------------------------------- Checkstyle

def control_to_space(s):
    return "".join(" " if (ord(c) < 0x20 and c not in "\t\n\r") or c in "\ufffe\uffff" else c for c in s)


def check_checkstyle_xml(name, data, ref, expect_text=None):
    try:
        root = ET.fromstring(data)
    except ET.ParseError as e:
        line = data.decode(errors="replace").splitlines()[e.position[0] - 1] if e.position[0] else ""
        return report(False, name, f"not well-formed XML: {e}", [f"our output line {e.position[0]}: {clip(line)}"])
    lines = []
    if root.tag != "checkstyle" or not root.get("version"):
        lines.append(f"root element <{root.tag} {root.attrib}>, expected <checkstyle version=…>")
    files = root.findall("file")
    if len(files) != ref.files_checked:
        lines.append(f"{len(files)} <file> elements, {ref.files_checked} files checked (Checkstyle lists every file audited)")
    got = collections.Counter()
    bad = []
    for f in files:
        fname = f.get("name", "")
        if not ref.exists(fname):
            bad.append(f"<file name={fname!r}> does not exist")
        for e in f:
            if e.tag != "error":
                bad.append(f"unexpected <{e.tag}> in <file name={fname!r}>")
                continue
            src = e.get("source", "")
            sev = e.get("severity")
            if sev not in CHECKSTYLE_SEVERITIES:
                bad.append(f"severity {sev!r} not one of {sorted(CHECKSTYLE_SEVERITIES)}: {clip(ET.tostring(e, encoding='unicode'))}")
            if not src.startswith("shipshape."):
                bad.append(f"source {src!r} does not name a shipshape rule")
            try:
                ln, col = int(e.get("line")), int(e.get("column"))
            except (TypeError, ValueError):
                bad.append(f"line/column not integers: {clip(ET.tostring(e, encoding='unicode'))}")
                continue
            got[(fname, ln, col, src.removeprefix("shipshape."), sev, e.get("message"))] += 1
    lines += bad[:10]
    want = collections.Counter()
    for d in ref.diags:
        want[(d["file"], d["line"], d["column"], d["rule"], d["severity"], control_to_space(d["message"]))] += 1
    lines += multiset_diff("checkstyle", got, "json", want)
    if expect_text and not any(expect_text in k[5] for k in got):
        lines.append(f"no message carries {expect_text!r} back unescaped")
    if lines:
        report(False, name, "", lines[:40])
    else:
        report(True, name, f"well-formed, {len(files)} files, {sum(got.values())} errors; file/line/column/source/severity/message equal the JSON")


def check_checkstyle_danger(name, npm_prefix, xml_file, ref):
    # The plugin maps each <file name> to the first of its suffixes (never the whole path)
    # that exists under its working directory: run from the repository root, the root's
    # own Dockerfile would capture every `…/Dockerfile`. A folder holding only the report's
    # top-level folders (links) lets each path resolve to itself.
    root = tempfile.mkdtemp(prefix="shipshape-danger-")
    for top in sorted({d["file"].split("/")[0] for d in ref.diags if "/" in d["file"]}):
        os.symlink(os.path.join(ref.cwd, top), os.path.join(root, top))
    rc, out, err = run(["node", CHECKSTYLE_CONSUMER, npm_prefix, os.path.abspath(xml_file)], cwd=root)
    if rc != 0:
        return report(False, name, f"danger-plugin-lint-report failed (exit {rc})", err.decode(errors="replace").splitlines()[:15])
    violations = json.loads(out)
    got = collections.Counter((v["file"], v["line"], v["column"], v["severity"], v["message"]) for v in violations)
    want = collections.Counter((d["file"], d["line"], d["column"], d["severity"], control_to_space(d["message"])) for d in ref.diags)
    lines = multiset_diff("danger-plugin-lint-report", got, "json", want)
    unknown_sev = {v["severity"] for v in violations} - {"info", "warning", "error"}
    if unknown_sev:  # the plugin posts nothing for other severities
        lines.append(f"severities the plugin drops: {sorted(unknown_sev)}")
    if lines:
        report(False, name, "", lines[:40])
    else:
        report(True, name, f"{len(violations)} violations read, same files/lines/columns/severities/messages as the JSON")


# --------------------------------------------------------------------------- JUnit

def check_junitparser(name, junit_file, ref):
    from junitparser import Error, Failure, JUnitXml, Skipped, TestSuite
    try:
        xml = JUnitXml.fromfile(junit_file)
    except Exception as e:  # noqa: BLE001 — any parse error is the finding
        return report(False, name, f"junitparser cannot read it: {e}")
    lines = []
    suites = list(xml) if isinstance(xml, JUnitXml) else [xml]
    declared = (xml.tests, xml.failures, xml.errors, xml.skipped)
    if len(suites) != ref.files_checked:
        lines.append(f"{len(suites)} testsuites, {ref.files_checked} files checked")
    got = collections.Counter()
    passing = 0
    names = collections.Counter()
    for s in suites:
        s_declared = (s.tests, s.failures, s.errors, s.skipped)
        cases = list(s)
        s_actual = (len(cases), sum(1 for c in cases if any(isinstance(r, Failure) for r in c.result)),
                    sum(1 for c in cases if any(isinstance(r, Error) for r in c.result)),
                    sum(1 for c in cases if any(isinstance(r, Skipped) for r in c.result)))
        if s_declared != s_actual:
            lines.append(f"testsuite {s.name!r} declares tests/failures/errors/skipped {s_declared}, holds {s_actual}")
        for c in cases:
            names[(c.classname, c.name)] += 1
            file_attr = c._elem.get("file")
            if not file_attr or not ref.exists(file_attr):
                lines.append(f"testcase {c.name!r}: file attribute {file_attr!r} is not an existing file")
            fails = [r for r in c.result if isinstance(r, Failure)]
            if not fails:
                passing += 1
                continue
            line_attr = c._elem.get("line")
            # "<path>:<line>:<col> <rule>[ <hadolint/ShellCheck code>][ (<n>)]"
            words = re.sub(r" \(\d+\)$", "", c.name).rsplit(" ", 2)
            rule = words[-2] if re.fullmatch(r"(DL|SC)\d{4}", words[-1]) else words[-1]
            got[(file_attr, int(line_attr) if line_attr else None, rule, fails[0].type)] += 1
    xml.update_statistics()
    actual = (xml.tests, xml.failures, xml.errors, xml.skipped)
    if declared != actual:
        lines.append(f"<testsuites> declares tests/failures/errors/skipped {declared}, holds {actual}")
    dup = [k for k, v in names.items() if v > 1]
    if dup:  # GitLab's test report keys cases by suite+classname+name: duplicates collapse
        lines.append(f"{len(dup)} duplicate (classname, name) pairs, e.g. {dup[:3]}")
    clean = ref.files_checked - ref.files_with_findings
    if passing != clean:
        lines.append(f"{passing} passing testcases, {clean} files without findings")
    lines += multiset_diff("junit failures", got, "json", ref.keys("file", "line", "rule", "severity"))
    if lines:
        report(False, name, "", lines[:40])
    else:
        report(True, name, f"{len(suites)} testsuites, {actual[0]} testcases, {actual[1]} failures = findings, {passing} passing = clean files")


def check_junit2html(name, venv, junit_file, ref, workdir):
    tool = os.path.join(venv, "bin", "junit2html")
    html = os.path.join(workdir, "junit.html")
    rc, out, err = run([tool, junit_file, html])
    lines = []
    if rc != 0 or not os.path.exists(html) or os.path.getsize(html) < 1000:
        lines.append(f"junit2html exit {rc}, html {os.path.getsize(html) if os.path.exists(html) else 'missing'}: {clip(err.decode(errors='replace'))}")
    rc, out, err = run([tool, "--summary-matrix", junit_file])
    text = out.decode(errors="replace")
    m_failed = re.search(r"Failed\s*:\s*(\d+)", text)
    m_passed = re.search(r"Passed\s*:\s*(\d+)", text)
    failed_n = int(m_failed[1]) if m_failed else None
    passed_n = int(m_passed[1]) if m_passed else 0
    clean = ref.files_checked - ref.files_with_findings
    if rc != 0 or failed_n != len(ref.diags) or passed_n != clean:
        lines.append(f"--summary-matrix (exit {rc}): Failed {failed_n}, Passed {passed_n}; json: {len(ref.diags)} findings, {clean} clean files")
        lines += text.splitlines()[-6:]
    if lines:
        report(False, name, "", lines)
    else:
        report(True, name, f"HTML {os.path.getsize(html) // 1024} KiB; summary Failed {failed_n} = findings, Passed {passed_n} = clean files")


# --------------------------------------------------------------------------- GitLab

def check_schema(name, doc, schema_file, what):
    """jsonschema validation of `doc`; errors grouped by place, each with our snippet."""
    import jsonschema
    schema = json.load(open(schema_file, encoding="utf-8-sig"))
    validator = jsonschema.validators.validator_for(schema)(schema)
    errors = sorted(validator.iter_errors(doc), key=lambda e: [str(p) for p in e.absolute_path])
    if not errors:
        return report(True, name, f"{what} valid against {schema_file}")
    grouped = collections.defaultdict(list)
    for e in errors:
        pattern = "/".join("*" if isinstance(p, int) else str(p) for p in e.absolute_path)
        grouped[(pattern, e.validator)].append(e)
    lines = []
    for (pattern, kind), errs in grouped.items():
        e = errs[0]
        lines.append(f"{len(errs)}x at {pattern or '(root)'} [{kind}]: {clip(e.message, 300)}")
        # The enclosing object (an issue, a result, a rule…) of the first occurrence.
        path = list(e.absolute_path)
        if isinstance(doc, list) and path:  # a report that is an array: the whole item
            owner = doc[path[0]]
        else:  # otherwise the object holding the offending value
            owner = doc
            for p in path[:-1]:
                owner = owner[p]
        lines.append(f"  at {'/'.join(map(str, path))}, our output: {clip(owner, 500)}")
    report(False, name, f"{len(errors)} schema errors", lines[:40])


def check_gitlab_content(name, issues, ref):
    lines = []
    fps = collections.Counter(i.get("fingerprint") for i in issues)
    dup = [(k, v) for k, v in fps.items() if v > 1]
    if dup:
        ex = [i for i in issues if i.get("fingerprint") == dup[0][0]]
        lines.append(f"{len(dup)} fingerprints not unique, e.g. {dup[0][0]} x{dup[0][1]}:")
        lines += [f"  {clip(i, 400)}" for i in ex[:2]]
    missing = sorted({i["location"]["path"] for i in issues if not ref.exists(i["location"]["path"])})
    if missing:
        lines.append(f"{len(missing)} location.path values are not files: {missing[:5]}")
    inverted = [i for i in issues if i["location"].get("lines", {}).get("end", 10**9) < i["location"]["lines"]["begin"]]
    if inverted:
        lines.append(f"{len(inverted)} issues with lines.end < lines.begin, e.g. {clip(inverted[0])}")
    got = collections.Counter((i["location"]["path"], i["location"]["lines"]["begin"], i["check_name"], i["severity"]) for i in issues)
    lines += multiset_diff("gitlab", got, "json", ref.keys("file", "line", "rule", "severity", sev=GITLAB_SEVERITY))
    if lines:
        report(False, name, "", lines[:40])
    else:
        report(True, name, f"{len(issues)} issues, fingerprints unique, paths exist, path/line/check_name/severity equal the JSON")


def fingerprints(raw):
    return [i["fingerprint"] for i in json.loads(raw)]


# --------------------------------------------------------------------------- main

def make_awkward_tree(root):
    """Files whose names need escaping in URIs and XML, and a finding whose message quotes
    XML-special and control characters (an unknown Compose key)."""
    files = {
        "with space/Dockerfile": "FROM node:latest\nRUN npm ci\n",
        "hash#pct%amp&/Dockerfile": "FROM node:latest\n",
        "hash#pct%amp&/compose.yaml": 'services:\n  web:\n    image: nginx:1.27\n    "x<&>\\"\'\\x01]]>y": 1\n',
        "ümlaut/Dockerfile": "FROM alpine\nADD a.txt /a.txt\n",
    }
    for rel, text in files.items():
        p = os.path.join(root, rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "w", encoding="utf-8") as f:
            f.write(text)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shipshape", required=True)
    ap.add_argument("--multitool", required=True)
    ap.add_argument("--npm-prefix", required=True)
    ap.add_argument("--venv", required=True)
    a = ap.parse_args()
    shipshape = os.path.abspath(a.shipshape)
    repo = os.getcwd()
    work = tempfile.mkdtemp(prefix="shipshape-formats-")
    try:
        body(a, shipshape, repo, work)
    except Exception:  # noqa: BLE001 — e.g. output that is not JSON: still end with the tally
        import traceback
        report(False, "check.py stopped early", "", traceback.format_exc().splitlines()[-12:])
    finally:
        for proc in PROCS:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        shutil.rmtree(work, ignore_errors=True)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


def body(a, shipshape, repo, work):
    if not os.access(shipshape, os.X_OK):
        return report(False, "shipshape binary", f"{shipshape} is not an executable (build it, or pass --shipshape)")
    rc, out, _ = run([shipshape, "check", "--help"])
    missing = [f for f in ("checkstyle", "junit", "gitlab", "--output") if f not in out.decode()]
    if missing:
        return report(False, "shipshape binary", f"`check --help` lacks {missing}")

    # ---- the real-world set, from the repository root, as CI would type it
    outputs = {}
    lines = []
    for fmt in ("json", "sarif", "checkstyle", "junit", "gitlab", "human"):
        rc, out, err = shipshape_run(shipshape, fmt, INPUTS)
        outputs[fmt] = out
        path = os.path.join(work, f"out.{fmt}")
        with open(path, "wb") as f:
            f.write(out)
        if rc != 1:
            lines.append(f"--format {fmt}: exit {rc} (expected 1: findings exist): {clip(err.decode(errors='replace'))}")
    ref = Reference(json.loads(outputs["json"]), repo)
    missing = sorted({d["file"] for d in ref.diags if not ref.exists(d["file"])})
    if missing:
        lines.append(f"JSON names files that do not exist: {missing[:5]}")
    report(not lines, f"check {' '.join(INPUTS)}: every format exits 1, JSON files exist",
           f"{len(ref.diags)} findings in {ref.files_with_findings} of {ref.files_checked} files", lines)

    sarif_file = os.path.join(work, "out.sarif")
    validation = start_multitool(a.multitool, sarif_file, work, "main")  # ~10 s; runs meanwhile
    sarif = json.loads(outputs["sarif"])
    # The validator silently analyses nothing when a value does not deserialize (e.g. a
    # result `level` outside its enum), so the schema is also applied on its own.
    sarif_schema = os.path.join(a.npm_prefix, "node_modules", "@microsoft", "sarif-multitool-linux", "sarif-2.1.0.json")
    check_schema("sarif: valid against the SARIF 2.1.0 schema (jsonschema)", sarif, sarif_schema,
                 f"{len(sarif['runs'][0].get('results', []))} results")
    check_sarif_structure("sarif: results match the JSON, URIs resolve to files", sarif, ref)
    check_sarif_tools("sarif: sarif-tools summary/csv/ls read the same findings", a.venv, sarif_file, ref, work)

    check_checkstyle_xml("checkstyle: strict XML parse, same findings as JSON", outputs["checkstyle"], ref)
    check_checkstyle_danger("checkstyle: danger-plugin-lint-report reads it", a.npm_prefix, os.path.join(work, "out.checkstyle"), ref)

    check_junitparser("junit: junitparser reads it, counts agree", os.path.join(work, "out.junit"), ref)
    check_junit2html("junit: junit2html renders it", a.venv, os.path.join(work, "out.junit"), ref, work)

    try:
        issues = json.loads(outputs["gitlab"])
    except ValueError as e:
        report(False, "gitlab: output is JSON", str(e))
        issues = None
    if issues is not None:
        check_schema("gitlab: valid against the Code Quality schema", issues, os.path.relpath(SCHEMA), f"{len(issues)} issues")
        check_gitlab_content("gitlab: fingerprints unique, findings match JSON", issues, ref)
        rc, again, _ = shipshape_run(shipshape, "gitlab", INPUTS)
        try:
            same = fingerprints(again) == fingerprints(outputs["gitlab"])
        except (ValueError, KeyError):
            same = False
        report(same, "gitlab: fingerprints stable across two runs",
               "" if same else "second run's fingerprints differ", [] if same else [clip(again[:600].decode(errors="replace"))])

    # ---- -o FORMAT:FILE: one run, three files, human on stdout
    odir = os.path.join(work, "o")
    os.makedirs(odir)
    targets = {"sarif": os.path.join(odir, "a.sarif"), "junit": os.path.join(odir, "reports", "b.xml"),
               "gitlab": os.path.join(odir, "c.json")}
    rc, out, err = run([shipshape, "check", *INPUTS] + [x for f, p in targets.items() for x in ("-o", f"{f}:{p}")], cwd=repo)
    lines = []
    if rc != 1:
        lines.append(f"exit {rc}, expected 1: {clip(err.decode(errors='replace'))}")
    if out != outputs["human"]:
        lines.append("stdout differs from `--format human` of the same inputs: " + clip(out[:300].decode(errors="replace")))
    for fmt, p in targets.items():
        if not os.path.exists(p):
            lines.append(f"-o {fmt}:{p} not written")
            continue
        written = open(p, "rb").read()
        if written != outputs[fmt]:  # same bytes as the --format output validated above
            lines.append(f"{os.path.relpath(p, odir)} differs from --format {fmt} ({len(written)} vs {len(outputs[fmt])} bytes)")
    try:
        json.loads(open(targets["gitlab"], "rb").read())
        json.loads(open(targets["sarif"], "rb").read())
        ET.parse(targets["junit"])
    except Exception as e:  # noqa: BLE001
        lines.append(f"a written file does not parse: {e}")
    report(not lines, "-o sarif:… -o junit:… -o gitlab:…: files equal the validated formats, stdout human",
           "reports/ folder created" if not lines else "", lines)

    lines = []
    rc, out, err = run([shipshape, "check", "fixtures", "-o", "nope:x.txt"], cwd=repo)
    if rc != 2 or b"nope" not in err:
        lines.append(f"-o nope:x.txt: exit {rc} (expected 2), stderr {clip(err.decode(errors='replace'))}")
    blocker = os.path.join(work, "a-file")
    open(blocker, "w").close()
    rc, out, err = run([shipshape, "check", "fixtures", "--fail-level", "never", "-o", f"sarif:{blocker}/x.sarif"], cwd=repo)
    if rc != 2 or not err:
        lines.append(f"-o sarif:<a file>/x.sarif: exit {rc} (expected 2 with a message), stderr {clip(err.decode(errors='replace'))}")
    report(not lines, "-o: unknown format and unwritable file are errors (exit 2)", "", lines)

    # ---- awkward names and message text, from inside that folder (`shipshape check .`)
    odd = os.path.join(work, "odd")
    make_awkward_tree(odd)
    odd_out = {}
    for fmt in ("json", "sarif", "checkstyle", "junit", "gitlab"):
        rc, out, err = shipshape_run(shipshape, fmt, ["."], cwd=odd)
        odd_out[fmt] = out
        with open(os.path.join(work, f"odd.{fmt}"), "wb") as f:
            f.write(out)
    odd_ref = Reference(json.loads(odd_out["json"]), odd)
    odd_validation = start_multitool(a.multitool, os.path.join(work, "odd.sarif"), work, "odd")
    odd_sarif = json.loads(odd_out["sarif"])
    check_schema("awkward names: sarif valid against the SARIF 2.1.0 schema", odd_sarif, sarif_schema, "awkward-name results")
    check_sarif_structure("awkward names: sarif URIs percent-decode to the files", odd_sarif, odd_ref)
    check_checkstyle_xml("awkward names: checkstyle escapes names and messages", odd_out["checkstyle"], odd_ref, expect_text="x<&>\"'")
    check_junitparser("awkward names: junitparser reads it", os.path.join(work, "odd.junit"), odd_ref)
    odd_issues = json.loads(odd_out["gitlab"])
    check_schema("awkward names: gitlab valid against the schema", odd_issues, os.path.relpath(SCHEMA), f"{len(odd_issues)} issues")
    check_gitlab_content("awkward names: gitlab paths and fingerprints", odd_issues, odd_ref)
    # The fingerprint is documented to survive lines moving: shift a file down two lines.
    target = os.path.join(odd, "with space", "Dockerfile")
    with open(target, encoding="utf-8") as f:
        text = f.read()
    with open(target, "w", encoding="utf-8") as f:
        f.write("# moved\n\n" + text)
    rc, moved, _ = shipshape_run(shipshape, "gitlab", ["."], cwd=odd)
    before = collections.Counter(fingerprints(odd_out["gitlab"]))
    after = collections.Counter(fingerprints(moved))
    report(before == after, "gitlab: fingerprints survive lines moving",
           "" if before == after else f"{sum((before - after).values())} fingerprints changed after inserting 2 lines",
           [] if before == after else [clip(moved[:600].decode(errors="replace"))])

    check_multitool("sarif: SARIF Multitool validate (schema, SARIF and GHAS rules)", validation, sarif)
    check_multitool("awkward names: SARIF Multitool validate", odd_validation, odd_sarif, examples=1)


if __name__ == "__main__":
    sys.exit(main())
