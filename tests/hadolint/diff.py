#!/usr/bin/env python3
"""Differential test: hadolint against shipshape, rule by rule for every mapped DL code.

Inputs: every Dockerfile that `shipshape check tests/realworld` checks, plus the
```dockerfile block under `## Example` of each rule's docs (`shipshape explain <id>`).
Findings are compared as (file, instruction start line, DL code); see README.md.
Standard library only. Called by tests/hadolint/run.
"""

import argparse
import atexit
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
THRESHOLD = 0.98
SIDES = ("hadolint-only", "shipshape-only")
# When a finding carries no `hadolint` field and its rule answers several codes: the code
# whose instruction the message names.
MULTI_CODE_KEYWORD = {"DL4003": "CMD", "DL4004": "ENTRYPOINT", "DL3012": "HEALTHCHECK"}


def die(msg):
    print(f"FAIL: setup: {msg}")
    print("0 passed, 1 failed")
    sys.exit(1)


def run(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


# ---------------------------------------------------------------------------------------
# Mapped codes: the hadolint column of `shipshape rules --format markdown` (the README's
# rule table), completed at run time by the `hadolint` field of the JSON findings.


def mapped_codes(shipshape):
    p = run([shipshape, "rules", "--format", "markdown"])
    if p.returncode != 0:
        die(f"`shipshape rules --format markdown` failed: {p.stderr.strip()}")
    rows = [l for l in p.stdout.splitlines() if l.startswith("|")]
    header = [c.strip() for c in rows[0].strip("|").split("|")]
    if "hadolint" not in header or "rule" not in header:
        die(f"no `rule`/`hadolint` column in the rule table header: {rows[0]}")
    ci, ri = header.index("hadolint"), header.index("rule")
    code_rules = defaultdict(set)  # DL code -> rule ids
    rule_codes = {}  # rule id -> [codes]
    rule_ids = []
    for row in rows[2:]:
        cells = [c.strip() for c in row.strip("|").split("|")]
        m = re.search(r"`([^`]+)`", cells[ri])
        if not m:
            continue
        rule = m.group(1)
        rule_ids.append(rule)
        codes = re.findall(r"DL\d{4}", cells[ci])
        rule_codes[rule] = codes
        for c in codes:
            code_rules[c].add(rule)
    if not rule_ids:
        die("`shipshape rules --format markdown` listed no rule")
    return rule_ids, rule_codes, code_rules


# ---------------------------------------------------------------------------------------
# Minimal Dockerfile reading: which instruction (its first line) each line belongs to.

DIRECTIVE = re.compile(r"^#\s*([a-zA-Z][a-zA-Z0-9_-]*)\s*=\s*(.*?)\s*$")
HEREDOC = re.compile(r"<<(-?)\s*(['\"]?)([a-zA-Z_][a-zA-Z0-9_]*)\2")
HEREDOC_INSTRUCTIONS = {"RUN", "COPY", "ADD"}


def instruction_starts(text):
    """Map 1-based line number -> 1-based first line of the instruction holding it.

    Follows BuildKit: parser directives (`# escape=`) only before anything else, a line
    continues when it ends with the escape character, comment and blank lines inside a
    continuation are skipped, and RUN/COPY/ADD heredoc bodies (`<<EOF`, `<<-EOF`,
    `<<"EOF"`, several per line) follow the instruction up to their terminator line."""
    lines = text.split("\n")
    escape = "\\"
    i = 0
    while i < len(lines):
        m = DIRECTIVE.match(lines[i].rstrip("\r"))
        if not m:
            break
        if m.group(1).lower() == "escape" and m.group(2) in ("`", "\\"):
            escape = m.group(2)
        i += 1
    starts = {}
    n = len(lines)
    while i < n:
        line = lines[i].rstrip("\r")
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            i += 1
            continue
        start = i
        logical = []
        while True:
            line = lines[i].rstrip("\r")
            s = line.strip()
            if i != start and (s.startswith("#") or not s):
                i += 1  # comment or blank line inside a continuation
                if i >= n:
                    break
                continue
            body = line.rstrip()
            if body.endswith(escape):  # BuildKit: escape, then only blanks, at the line end
                logical.append(body[: -len(escape)])
                i += 1
                if i >= n:
                    break
                continue
            logical.append(body)
            i += 1
            break
        keyword = stripped.split(None, 1)[0].upper() if stripped else ""
        if keyword in HEREDOC_INSTRUCTIONS:
            full = " ".join(logical)
            for dash, _q, name in HEREDOC.findall(full):
                while i < n:
                    body = lines[i].rstrip("\r")
                    i += 1
                    if (body.lstrip("\t") if dash else body) == name:
                        break
        for k in range(start, min(i, n)):
            starts[k + 1] = start + 1
    return starts


# ---------------------------------------------------------------------------------------
# The tools


def hadolint_file(hadolint, config, path):
    """Findings of one file: list of (line, code, message); None when hadolint failed."""
    p = run([hadolint, "--config", config, "--no-fail", "--format", "json", path], timeout=120)
    try:
        out = json.loads(p.stdout or "null")
    except json.JSONDecodeError:
        out = None
    if p.returncode != 0 or not isinstance(out, list):
        return None, (p.stderr or p.stdout).strip()[:300]
    return [(d["line"], d["code"], d.get("message", "")) for d in out], None


def shipshape_check(shipshape, paths, junit=None, extra=()):
    cmd = [shipshape, "check", "--strict", "--format", "json", "--fail-level", "never", *extra]
    if junit:
        cmd += ["-o", f"junit:{junit}"]
    t = time.perf_counter()
    p = run(cmd + ["--"] + paths, cwd=ROOT)
    elapsed = time.perf_counter() - t
    if p.returncode != 0:
        die(f"`{' '.join(cmd)} …` exited {p.returncode}: {p.stderr.strip()[:500]}")
    try:
        return json.loads(p.stdout), elapsed
    except json.JSONDecodeError as e:
        die(f"shipshape JSON unreadable: {e}")


def finding_codes(d, rule_codes, field_mode):
    """The DL codes a shipshape finding answers. When the binary writes the `hadolint`
    field (on any finding), that field alone decides: a finding without it answers no
    code. Older binaries: the rule's codes from the rule table."""
    h = d.get("hadolint")
    if field_mode:
        if not h:
            return []
        return [h] if isinstance(h, str) else list(h)
    codes = rule_codes.get(d.get("rule"), [])
    if len(codes) > 1:
        msg = d.get("message", "")
        named = [c for c in codes if c in MULTI_CODE_KEYWORD and re.search(
            rf"(?<![A-Za-z]){MULTI_CODE_KEYWORD[c]}(?![A-Za-z])", msg)]
        # Nothing named (say a HEALTHCHECK finding of a CMD/ENTRYPOINT rule): no code.
        return named[:1]
    return codes


def dockerfiles_checked(junit_path):
    """Files that `shipshape check` checked (the JUnit report has one suite per file, also
    for files without findings), minus Compose files."""
    text = open(junit_path, encoding="utf-8").read()
    names = re.findall(r'<testsuite name="([^"]*)"', text)
    unescape = lambda s: (s.replace("&quot;", '"').replace("&apos;", "'").replace("&lt;", "<")
                          .replace("&gt;", ">").replace("&amp;", "&"))
    names = [unescape(n) for n in names]
    return sorted(n for n in names if not n.lower().endswith((".yml", ".yaml")))


def rule_examples(shipshape, rule_ids, outdir):
    """Write each rule's ```dockerfile example(s) to outdir/<rule>[-N]/Dockerfile."""
    files = {}  # path -> display name
    for rule in rule_ids:
        p = run([shipshape, "explain", rule])
        if p.returncode != 0:
            die(f"`shipshape explain {rule}` failed: {p.stderr.strip()}")
        section = re.search(r"^## Example\s*\n(.*?)(?=^## |\Z)", p.stdout, re.S | re.M)
        if not section:
            continue
        blocks = re.findall(r"^```dockerfile[^\n]*\n(.*?)^```", section.group(1), re.S | re.M)
        for k, block in enumerate(blocks):
            name = rule if k == 0 else f"{rule}-{k + 1}"
            d = os.path.join(outdir, name)
            os.makedirs(d, exist_ok=True)
            path = os.path.join(d, "Dockerfile")
            with open(path, "w", encoding="utf-8") as f:
                f.write(block)
            files[path] = f"example:{name}"
    return files


# ---------------------------------------------------------------------------------------


def shown_path(path):
    rel = os.path.relpath(os.path.abspath(path), ROOT)
    return path if rel.startswith("..") else rel


def read_disagreements(path):
    entries = {}
    if not os.path.exists(path):
        return entries
    with open(path, encoding="utf-8") as f:
        for n, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            if cols[:4] == ["file", "line", "code", "side"]:
                continue
            if len(cols) < 5 or cols[3] not in SIDES or not cols[1].isdigit():
                die(f"{path}:{n}: want `file<TAB>line<TAB>code<TAB>side<TAB>reason`, side one of "
                    f"{'/'.join(SIDES)}: {line!r}")
            if not cols[4].strip():
                die(f"{path}:{n}: a reviewed disagreement says why shipshape is right: {line!r}")
            key = (cols[0], int(cols[1]), cols[2], cols[3])
            entries[key] = cols[4]
    return entries


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shipshape", required=True)
    ap.add_argument("--hadolint", required=True)
    ap.add_argument("--realworld", default="tests/realworld")
    ap.add_argument("--disagreements", default=os.path.join(HERE, "disagreements.tsv"))
    ap.add_argument("--write-disagreements", metavar="FILE",
                    help="write the unexplained disagreements (empty reason) for review")
    ap.add_argument("--samples", type=int, default=3,
                    help="unexplained disagreements shown per code and side (default 3; -1: all)")
    args = ap.parse_args()
    os.chdir(ROOT)
    shipshape = os.path.abspath(args.shipshape) if os.sep in args.shipshape else args.shipshape
    hadolint = args.hadolint
    t_start = time.perf_counter()

    p = run([hadolint, "--version"])
    print(f"hadolint: {p.stdout.strip()} ({hadolint})")
    p = run([shipshape, "--version"])
    print(f"shipshape: {p.stdout.strip()} ({shipshape})")

    rule_ids, rule_codes, code_rules = mapped_codes(shipshape)
    sc_rules = defaultdict(set)  # SC code -> rule ids (from the `hadolint` field)
    tmp = tempfile.mkdtemp(prefix="shipshape-hadolint-")
    atexit.register(shutil.rmtree, tmp, True)
    # Explicit config: nothing ignored, no extra rule settings, so no user/project
    # .hadolint.yaml is picked up. The two rules hadolint keeps off by default (severity
    # "ignore": DL1001, DL3057) are turned on, as `check --strict` turns on ours.
    config = os.path.join(tmp, "hadolint.yaml")
    with open(config, "w") as f:
        f.write("ignored: []\noverride:\n  info: [DL1001, DL3057]\n")

    # 1. The real-world Dockerfiles: the ones `shipshape check <folder>` checks.
    junit = os.path.join(tmp, "discover.xml")
    shipshape_check(shipshape, [args.realworld], junit=junit)
    realworld = dockerfiles_checked(junit)
    if not realworld:
        die(f"shipshape checked no Dockerfile under {args.realworld}")

    # 2. The rules' examples.
    examples = rule_examples(shipshape, rule_ids, os.path.join(tmp, "examples"))

    # shipshape: once over all real-world Dockerfiles (timed, best of 3), once over examples.
    times = []
    for _ in range(3):
        ss_rw, elapsed = shipshape_check(shipshape, realworld)
        times.append(elapsed)
    ss_time = min(times)
    ss_time_nosc = None
    if "shellcheck" in rule_ids:
        ss_time_nosc = min(shipshape_check(shipshape, realworld, extra=["--ignore", "shellcheck"])[1]
                           for _ in range(3))
    ss_ex, _ = shipshape_check(shipshape, sorted(examples)) if examples else ({"diagnostics": []}, 0)

    # hadolint: per file, sequentially, as a user would (timed on the real-world set).
    had = {}
    failed = {}
    t = time.perf_counter()
    for path in realworld:
        had[path], err = hadolint_file(hadolint, config, path)
        if err is not None:
            failed[path] = err
    had_time = time.perf_counter() - t
    for path in examples:
        had[path], err = hadolint_file(hadolint, config, path)
        if err is not None:
            failed[path] = err

    display = {p: p for p in realworld}
    display.update(examples)
    starts_cache = {}

    def norm(path, line):
        if path not in starts_cache:
            try:
                text = open(path, encoding="utf-8", errors="replace").read()
            except OSError:
                text = ""
            starts_cache[path] = instruction_starts(text)
        return starts_cache[path].get(line, line)

    # Collect findings as sets of (display file, instruction line, code). A file hadolint
    # cannot parse (DL1000) is compared on DL1000 alone: hadolint reports nothing else there.
    dl1000 = {}
    for path, findings in had.items():
        for line, code, msg in findings or ():
            if code == "DL1000" and path not in dl1000:
                dl1000[path] = f"line {line}: {msg.splitlines()[0] if msg else ''}"
    compared = set(had) - set(failed)

    def kept(path, code):
        return path in compared and (path not in dl1000 or code == "DL1000")

    h_set, s_set = set(), set()
    h_raw, s_raw = Counter(), Counter()
    field_mode = any("hadolint" in d for d in ss_rw["diagnostics"] + ss_ex["diagnostics"])
    print("shipshape findings mapped to hadolint codes by "
          + ("their `hadolint` field" if field_mode else
             "the rule table (this binary writes no `hadolint` field)"))
    abs_examples = {os.path.abspath(p): p for p in examples}
    for d in ss_rw["diagnostics"] + ss_ex["diagnostics"]:
        path = abs_examples.get(os.path.abspath(d["file"]), d["file"])
        for code in finding_codes(d, rule_codes, field_mode):
            if code.startswith("DL") and code not in code_rules:
                code_rules[code].add(d["rule"])  # mapped through the field only
            if code.startswith("SC"):
                sc_rules[code].add(d["rule"])
            if kept(path, code):
                s_raw[code] += 1
                s_set.add((display[path], norm(path, d["line"]), code))
    unmapped_dl = Counter()
    for path, findings in had.items():
        for line, code, _msg in findings or ():
            if not kept(path, code):
                continue
            if code.startswith("DL") and code not in code_rules:
                unmapped_dl[code] += 1
                continue
            h_raw[code] += 1
            h_set.add((display[path], norm(path, line), code))
    sc_codes = sorted({k[2] for k in h_set | s_set if k[2].startswith("SC")})

    explained_list = read_disagreements(args.disagreements)

    def compare(codes, rules_of):
        """Rows (code, rules, both, h-only, s-only, explained, total, hits) and the
        unexplained disagreements."""
        rows, unexplained = [], []
        for code in codes:
            both = {k for k in h_set & s_set if k[2] == code}
            h_only = sorted(k for k in h_set - s_set if k[2] == code)
            s_only = sorted(k for k in s_set - h_set if k[2] == code)
            expl = 0
            for side, keys in (("hadolint-only", h_only), ("shipshape-only", s_only)):
                for k in keys:
                    key = (k[0], k[1], k[2], side)
                    current.add(key)
                    if key in explained_list:
                        expl += 1
                    else:
                        unexplained.append(key)
            total = len(both) + len(h_only) + len(s_only)
            rows.append((code, ",".join(sorted(rules_of.get(code, ()))) or "-", len(both),
                         len(h_only), len(s_only), expl, total, h_raw[code], s_raw[code]))
        return rows, unexplained

    current = set()
    rows, unexplained = compare(sorted(code_rules), code_rules)
    sc_rows, sc_unexplained = compare(sc_codes, sc_rules)
    tot = Counter()
    for r in rows:
        tot.update(both=r[2], h=r[3], s=r[4], expl=r[5], total=r[6])

    # ---- report
    print(f"inputs: {len(realworld)} real-world Dockerfiles checked by shipshape under "
          f"{args.realworld}, {len(examples)} rule examples")
    if failed:
        print(f"hadolint failed on {len(failed)} file(s) (left out of the comparison):")
        for p, e in sorted(failed.items()):
            print(f"  {display[p]}: {e}")
    if dl1000:
        print(f"hadolint could not parse {len(dl1000)} file(s) (DL1000; only DL1000 compared there):")
        for p, e in sorted(dl1000.items()):
            print(f"  {display[p]}: {e}")
    print()
    hdr = ("code", "shipshape rule", "both", "hadolint-only", "shipshape-only", "explained",
           "agreement", "+explained", "hadolint hits", "shipshape hits")

    def print_table(rows, total_row):
        table = []
        for code, rule, b, h, s, e, total, hr, sr in rows:
            agree = f"{100 * b / total:.1f}%" if total else "-"
            ok = f"{100 * (b + e) / total:.1f}%" if total else "-"
            table.append((code, rule, b, h, s, e, agree, ok, hr, sr))
        if total_row:
            b, h, s, e, total = (sum(r[i] for r in rows) for i in (2, 3, 4, 5, 6))
            table.append(("all", "", b, h, s, e, f"{100 * b / total:.1f}%" if total else "-",
                          f"{100 * (b + e) / total:.1f}%" if total else "-",
                          sum(r[7] for r in rows), sum(r[8] for r in rows)))
        widths = [max(len(str(r[i])) for r in table + [hdr]) for i in range(len(hdr))]
        fmt = lambda r: "  ".join(str(c).ljust(w) if i < 2 else str(c).rjust(w)
                                  for i, (c, w) in enumerate(zip(r, widths)))
        print(fmt(hdr))
        for r in table:
            print(fmt(r))

    print_table(rows, True)
    print("(both/only counts are instructions: findings compared as (file, first line of the "
          "instruction, code); hits are raw findings)")
    print()
    if sc_rows:
        print("ShellCheck codes (hadolint's built-in ShellCheck against shipshape's; shown, not "
              "checked):")
        print_table(sc_rows, True)
        print()
    if unmapped_dl:
        top = ", ".join(f"{c} {n}" for c, n in unmapped_dl.most_common())
        print(f"hadolint DL findings with no shipshape rule (not compared): "
              f"{sum(unmapped_dl.values())} ({top})")
    ratio = had_time / ss_time if ss_time else float("inf")
    print(f"timing on the {len(realworld)} real-world Dockerfiles: hadolint {had_time:.2f}s "
          f"(one process per file, sequential), shipshape {ss_time:.3f}s (one run over all, best "
          f"of 3): shipshape is {ratio:.0f}x faster")
    if ss_time_nosc is not None:
        print(f"  shipshape without its shellcheck rule (--ignore shellcheck): {ss_time_nosc:.3f}s, "
              f"{had_time / ss_time_nosc:.0f}x faster than hadolint")
    print()

    if unexplained:
        by = defaultdict(list)
        for k in unexplained:
            by[(k[2], k[3])].append(k)
        print(f"unexplained disagreements ({len(unexplained)}; list reviewed ones in "
              f"{shown_path(args.disagreements)}):")
        for (code, side), keys in sorted(by.items()):
            shown = keys if args.samples < 0 else keys[: args.samples]
            print(f"  {code} {side}: {len(keys)}")
            for k in shown:
                print(f"    {k[0]}:{k[1]}")
            if len(shown) < len(keys):
                print(f"    … {len(keys) - len(shown)} more (--samples -1 shows all)")
        print()
    stale = sorted(set(explained_list) - current)
    for k in stale:
        print(f"warning: stale entry in {shown_path(args.disagreements)}: "
              f"{k[0]}\t{k[1]}\t{k[2]}\t{k[3]} no longer disagrees")
    if args.write_disagreements:
        with open(args.write_disagreements, "w", encoding="utf-8") as f:
            f.write("file\tline\tcode\tside\treason\n")
            for k in sorted(unexplained):
                f.write(f"{k[0]}\t{k[1]}\t{k[2]}\t{k[3]}\t\n")
        print(f"wrote {len(unexplained)} unexplained disagreement(s) to {args.write_disagreements}")

    # ---- checks
    passed = failed_n = 0

    def check(ok, what):
        nonlocal passed, failed_n
        print(("ok: " if ok else "FAIL: ") + what)
        if ok:
            passed += 1
        else:
            failed_n += 1

    for code, rule, b, h, s, e, total, hr, sr in rows:
        if total == 0:
            check(True, f"{code} ({rule}): nothing to compare: no input makes either tool "
                  "report it (untested)")
            continue
        share = (b + e) / total
        check(share >= THRESHOLD, f"{code} ({rule}): {100 * share:.1f}% agreed or explained "
              f"({b} both, {e} explained, {total - b - e} unexplained of {total})")
    share = (tot["both"] + tot["expl"]) / tot["total"] if tot["total"] else 1.0
    check(share >= THRESHOLD and tot["total"] > 0,
          f"overall: {100 * share:.1f}% agreed or explained ({tot['both']} both, {tot['expl']} "
          f"explained of {tot['total']})")
    silent = [r[0] for r in rows if r[7] > 0 and r[8] == 0]
    check(not silent, "no silent rule: every mapped code hadolint reports is reported by "
          "shipshape too" + (f" (silent: {', '.join(silent)})" if silent else ""))
    print(f"whole run: {time.perf_counter() - t_start:.1f}s")
    print(f"{passed} passed, {failed_n} failed")
    return 1 if failed_n else 0


if __name__ == "__main__":
    sys.exit(main())
