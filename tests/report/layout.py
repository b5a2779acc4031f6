"""The HTML diagnosis report in a real browser: headless Chromium (Debian's) via Playwright.

    python layout.py --shipshape BIN --chromium BIN --out DIR [--break CSS]

For each project (the seed fixture; a generated one with heavy folders, a cache-busting
COPY, single-stage builds, awkward service names and a second configuration deep in the
tree; the real-world set, 150 configurations), `shipshape report
--format html` is written and opened at a desktop and a phone width. A check fails when:
  - the page scrolls sideways (the document wider than the window), or an element sticks
    out of the window (tables and code blocks scroll in boxes of their own and are exempt);
  - a chart the report must draw is missing, or has no table beside it;
  - an SVG has no size, a text of it falls outside its viewBox, two of its texts overlap,
    or a text overlaps a bar;
  - the page shows an emoji (drawn as an empty box without a colour-emoji font, as on a
    CI machine), or any character that the page's fonts draw as the missing-glyph box;
  - the page loads anything: every request other than the report file itself is blocked
    and counted.
Then the checks check themselves: a wide page, oversized chart text, a hidden chart, an
emoji and a network request are injected into the seed's page, and each must be caught.
Screenshots of every page and chart go to --out (their paths are printed). Prints "ok: …" / "FAIL: …"
per check and "N passed, M failed" last; exits 1 on a failure. --break injects CSS (e.g.
'main { min-width: 1400px }') to watch the checks fail.
"""

import argparse
import os
import subprocess
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parents[2]
VIEWPORTS = {"desktop": (1280, 900), "phone": (390, 844)}

passed = 0
failed = 0


def ok(what):
    global passed
    passed += 1
    print(f"ok: {what}")


def fail(what, detail):
    global failed
    failed += 1
    print(f"FAIL: {what}: {detail}")


def check(what, problems):
    if problems:
        fail(what, "; ".join(str(p) for p in problems[:5]) + (f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""))
    else:
        ok(what)


def write(root: Path, rel: str, data):
    p = root / rel
    p.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        p.write_bytes(data)
    else:
        p.write_text(data)


def generated_project(root: Path):
    """Heavy folders, a whole-context COPY before an install, single-stage builds, and
    service names that are long, wide or look like markup."""
    write(root, "compose.yaml", """services:
  web:
    build: ./web
    image: example/web:1.0
  api-gateway-with-a-really-long-descriptive-name:
    build: .
    image: example/api:1.0
  "<b>bold</b>":
    image: redis:latest
  # Non-ASCII that the fonts of a bare Debian (DejaVu) draw: a CJK name would be drawn as
  # boxes there, which the glyph check reports (the font is missing, not the report).
  café-ünïcode-αβγ-δ:
    image: postgres:16
""")
    write(root, "web/Dockerfile", "FROM node:22\nWORKDIR /app\nCOPY . .\nENV CI=1\nRUN npm ci\nRUN npm run build\nCMD [\"node\", \"dist/server.js\"]\n")
    write(root, "web/package.json", "{}\n")
    write(root, "web/package-lock.json", "{}\n")
    write(root, "web/node_modules/left-pad/index.js", b"\0" * 2_400_000)
    write(root, "web/src/server.js", "console.log('hi')\n")
    write(root, "Dockerfile", "FROM golang:1.23\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nCMD [\"/app\"]\n")
    write(root, "go.mod", "module example\n")
    write(root, ".git/objects/pack/pack-1.pack", b"\0" * 900_000)
    # A second configuration, deep in the tree: its heading is a long path.
    write(root, "deploy/environments/production-eu-west-1-with-a-long-name/docker-compose.production.yml",
          "services:\n  worker-with-a-name-longer-than-any-label-column-can-hold:\n    image: example/worker:latest\n")


def expected_charts(project: str):
    charts = ["findings-by-category", "findings-by-service-1", "findings-by-service-2", "context-bytes"]
    if project != "generated":
        charts += ["findings-by-service-3"]
    return charts


LAYOUT_JS = r"""
() => {
  const vw = document.documentElement.clientWidth;
  const out = {scrollWidth: document.documentElement.scrollWidth, bodyScroll: document.body.scrollWidth, vw, sticking: []};
  const exempt = el => el.closest('.table-wrap, pre');
  for (const el of document.querySelectorAll('main *')) {
    if (exempt(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.width > 0 && (r.right > vw + 0.5 || r.left < -0.5)) {
      out.sticking.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''} [${Math.round(r.left)}, ${Math.round(r.right)}] in ${vw}`);
    }
  }
  return out;
}
"""

CHARTS_JS = r"""
() => {
  const inter = (a, b) => a.x < b.x + b.width - 0.5 && b.x < a.x + a.width - 0.5 && a.y < b.y + b.height - 0.5 && b.y < a.y + a.height - 0.5;
  const charts = [];
  for (const fig of document.querySelectorAll('figure.chart')) {
    const svg = fig.querySelector('svg');
    const c = {id: fig.id, svg: !!svg, table: !!fig.querySelector('table'), problems: []};
    charts.push(c);
    if (!svg) continue;
    const r = svg.getBoundingClientRect();
    if (!(r.width > 0 && r.height > 0)) c.problems.push(`zero size ${r.width}x${r.height}`);
    if (!svg.querySelector('title') || svg.getAttribute('role') !== 'img') c.problems.push('no title or role=img');
    const vb = svg.viewBox.baseVal;
    const texts = [...svg.querySelectorAll('text')].map(t => ({t, b: t.getBBox()}));
    for (const {t, b} of texts) {
      if (b.width === 0) c.problems.push(`empty text "${t.textContent}"`);
      if (b.x < vb.x - 0.5 || b.y < vb.y - 0.5 || b.x + b.width > vb.x + vb.width + 0.5 || b.y + b.height > vb.y + vb.height + 0.5) {
        c.problems.push(`text "${t.textContent}" [${b.x.toFixed(1)}..${(b.x + b.width).toFixed(1)}] outside the viewBox ${vb.width}x${vb.height}`);
      }
    }
    for (let i = 0; i < texts.length; i++)
      for (let j = i + 1; j < texts.length; j++)
        if (inter(texts[i].b, texts[j].b)) c.problems.push(`"${texts[i].t.textContent}" overlaps "${texts[j].t.textContent}"`);
    const bars = [...svg.querySelectorAll('rect.bar')].map(r => r.getBBox());
    for (const {t, b} of texts)
      for (const bar of bars)
        if (inter(b, bar)) { c.problems.push(`"${t.textContent}" overlaps a bar`); break; }
  }
  return charts;
}
"""

EMOJI_JS = r"""
() => {
  const text = document.body.innerText;
  const found = new Set();
  for (const ch of text) {
    const c = ch.codePointAt(0);
    if ((c >= 0x1F000 && c <= 0x1FAFF) || (c >= 0x2600 && c <= 0x27BF) || c === 0x2139 || c === 0xFE0F || (c >= 0x2B00 && c <= 0x2BFF)) found.add(ch);
  }
  return [...found];
}
"""

# Characters drawn as the missing-glyph box ("tofu"): each non-ASCII character of the page
# (text and SVG) is drawn on a canvas in the page's fonts and compared with a character no
# font has (U+10FFFD, a private-use code point).
TOFU_JS = r"""
() => {
  const chars = new Set();
  for (const ch of document.body.innerText + [...document.querySelectorAll('svg text')].map(t => t.textContent).join('')) {
    if (ch.codePointAt(0) > 0x7F && !/\s/.test(ch)) chars.add(ch);
  }
  const canvas = document.createElement('canvas');
  canvas.width = 40; canvas.height = 40;
  const g = canvas.getContext('2d', {willReadFrequently: true});
  const fonts = [getComputedStyle(document.body).fontFamily, "ui-monospace, 'DejaVu Sans Mono', 'Liberation Mono', monospace"];
  const draw = (ch, font) => {
    g.clearRect(0, 0, 40, 40);
    g.font = `24px ${font}`;
    g.fillText(ch, 4, 30);
    return g.getImageData(0, 0, 40, 40).data.join(',');
  };
  const tofu = [];
  for (const font of fonts) {
    const missing = draw('\u{10FFFD}', font);
    for (const ch of chars) if (draw(ch, font) === missing) tofu.push(ch);
  }
  return [...new Set(tofu)];
}
"""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shipshape", required=True)
    ap.add_argument("--chromium", default="/usr/bin/chromium")
    ap.add_argument("--out", required=True)
    ap.add_argument("--break", dest="break_css", default="")
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    generated = out / "generated"
    generated_project(generated)
    # The real-world set is the stress case: 150 Compose configurations, long paths.
    projects = {
        "reconciliation-platform": REPO / "fixtures/reconciliation-platform",
        "generated": generated,
        "realworld": REPO / "tests/realworld",
    }
    pages = {}
    for name, root in projects.items():
        html = out / f"{name}.html"
        env = dict(os.environ, SOURCE_DATE_EPOCH="1767225600", SHIPSHAPE_TODAY="2026-12-07")
        r = subprocess.run([args.shipshape, "report", ".", "--format", "html", "-o", str(html)], cwd=root, env=env,
                           capture_output=True, text=True)
        if r.returncode != 0 or not html.exists():
            fail(f"{name}: shipshape report --format html", f"exit {r.returncode}: {r.stderr}")
            continue
        ok(f"{name}: shipshape report --format html")
        pages[name] = html

    shots = []
    try:
        browse(args, pages, out, shots)
    except Exception as e:  # a browser that does not start, a page that does not load
        fail("open the reports in Chromium", repr(e))
    for s in shots:
        print(f"screenshot: {s}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


def browse(args, pages, out, shots):
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=args.chromium,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"],
        )
        for name, html in pages.items():
            content = html.read_text()
            for vp, (w, h) in VIEWPORTS.items():
                what = f"{name} at {vp} width ({w}px)"
                context = browser.new_context(viewport={"width": w, "height": h}, device_scale_factor=1,
                                              java_script_enabled=True)
                requests = []

                def route(r, *_, requests=requests):
                    requests.append(r.request.url)
                    r.abort()

                # The page is given as content (no request for it): every request the
                # page makes is one too many.
                context.route("**/*", route)
                page = context.new_page()
                page.set_content(content, wait_until="load")
                if args.break_css:
                    page.add_style_tag(content=args.break_css)
                page.wait_for_load_state("load")
                layout = page.evaluate(LAYOUT_JS)
                problems = []
                if layout["scrollWidth"] > layout["vw"] or layout["bodyScroll"] > layout["vw"]:
                    problems.append(f"the page is {layout['scrollWidth']}px wide in a {layout['vw']}px window")
                problems += layout["sticking"]
                check(f"{what}: nothing sticks out sideways", problems)

                charts = page.evaluate(CHARTS_JS)
                present = {c["id"] for c in charts if c["svg"]}
                missing = [c for c in expected_charts(name) if c not in present]
                check(f"{what}: every chart is drawn ({', '.join(expected_charts(name))})",
                      [f"missing {m}" for m in missing] + [f"{c['id']}: no table" for c in charts if not c["table"]])
                check(f"{what}: chart text stays inside its chart and overlaps nothing",
                      [f"{c['id']}: {p}" for c in charts for p in c["problems"]])

                emoji = page.evaluate(EMOJI_JS)
                check(f"{what}: no emoji (an empty box without a colour-emoji font)",
                      [f"U+{ord(e[0]):04X} {e}" for e in emoji])
                tofu = page.evaluate(TOFU_JS)
                check(f"{what}: every character has a glyph (no empty boxes)",
                      [f"U+{ord(c):04X} {c}" for c in tofu])
                check(f"{what}: nothing loaded from anywhere", requests)

                shot = out / f"{name}-{vp}.png"
                try:
                    page.screenshot(path=str(shot), full_page=True)
                except Exception:  # taller than Chromium can capture at once: the top
                    page.screenshot(path=str(shot))
                shots.append(shot)
                # Each chart on its own (the first six), for a look without scrolling.
                for fig in page.locator("figure.chart").all()[:6]:
                    chart_shot = out / f"{name}-{vp}-{fig.get_attribute('id')}.png"
                    fig.screenshot(path=str(chart_shot))
                    shots.append(chart_shot)
                context.close()
        self_check(browser, pages)
        browser.close()


# Broken layouts the checks must catch: each is injected into the seed's page at the phone
# width, and the check is counted as passed only when it reports the breakage.
BREAKAGES = [
    ("a page wider than the window", "main { min-width: 900px }", LAYOUT_JS,
     lambda r: r["scrollWidth"] > r["vw"] or bool(r["sticking"])),
    ("chart text too big for its chart", "svg.chart text { font-size: 40px }", CHARTS_JS,
     lambda r: any(c["problems"] for c in r)),
    ("a chart with no size", "figure.chart svg { display: none }", CHARTS_JS,
     lambda r: any(c["problems"] for c in r)),
    ("an emoji in the page", "", None, None),
    ("a request to the network", "main { background: url(http://192.0.2.1/x.png) }", None, None),
]


def self_check(browser, pages):
    content = pages.get("reconciliation-platform")
    if content is None:
        return
    content = content.read_text()
    for what, css, js, caught in BREAKAGES:
        context = browser.new_context(viewport={"width": 390, "height": 844})
        requests = []
        context.route("**/*", lambda r, *_: (requests.append(r.request.url), r.abort()))
        page = context.new_page()
        page.set_content(content, wait_until="load")
        if css:
            page.add_style_tag(content=css)
        if "http:" in css:
            page.wait_for_timeout(500)
            found = bool(requests)
        elif js is None:
            # CSS-generated text is not in innerText: put the emoji in the text instead.
            page.evaluate("() => document.querySelector('main p').append('\u2705')")
            found = bool(page.evaluate(EMOJI_JS))
        else:
            found = caught(page.evaluate(js))
        context.close()
        if found:
            ok(f"self-check: {what} is caught")
        else:
            fail(f"self-check: {what} is caught", f"the checks pass with `{css}` injected")


if __name__ == "__main__":
    sys.exit(main())
