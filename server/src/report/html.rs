//! The report as one HTML page: the Markdown rendered by pulldown-cmark with raw HTML
//! neutralised (service and file names are user text), the charts as inline SVG, and
//! CSS in the page. No script, nothing fetched.

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};

use super::chart::escape;
use super::render::Block;

/// The blocks as a standalone HTML page.
pub fn page(title: &str, blocks: &[Block]) -> String {
    let mut body = String::new();
    for b in blocks {
        match b {
            Block::Markdown(md) => body.push_str(&markdown(md)),
            Block::Chart(c) => {
                body.push_str(&format!(
                    "<figure class=\"chart\" id=\"{}\">\n<figcaption>{}</figcaption>\n{}<details><summary>The numbers as a table</summary>\n{}</details>\n</figure>\n",
                    escape(&c.id),
                    escape(&c.title),
                    c.svg(),
                    markdown(&c.table())
                ));
            }
        }
    }
    let title = escape(title);
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Docker diagnosis report: {title}</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n<main>\n{body}</main>\n</body>\n</html>\n"
    )
}

/// Markdown to HTML; raw HTML in it is shown as text, and wide tables scroll in a box of
/// their own instead of widening the page.
fn markdown(md: &str) -> String {
    let parser = Parser::new_ext(md, Options::ENABLE_TABLES).flat_map(|e| match e {
        Event::Html(t) | Event::InlineHtml(t) => vec![Event::Text(t)],
        Event::Text(t) => icons_to_badges(&t),
        Event::Start(Tag::Table(a)) => {
            vec![Event::InlineHtml(CowStr::from("<div class=\"table-wrap\">")), Event::Start(Tag::Table(a))]
        }
        Event::End(TagEnd::Table) => vec![Event::End(TagEnd::Table), Event::InlineHtml(CowStr::from("</div>"))],
        other => vec![other],
    });
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, parser);
    html
}

/// The Markdown's status emoji as CSS-drawn badges in HTML: a browser without a colour
/// emoji font (Chromium on a CI machine) draws ❌ as an empty box.
fn icons_to_badges(text: &str) -> Vec<pulldown_cmark::Event<'static>> {
    const BADGES: [(&str, &str, &str); 4] =
        [("❌", "error", "error"), ("⚠️", "warning", "warning"), ("ℹ️", "info", "info"), ("✅", "ok", "no findings")];
    let mut events = Vec::new();
    let mut rest = text;
    while let Some((at, (emoji, class, label))) =
        BADGES.iter().filter_map(|b| rest.find(b.0).map(|i| (i, b))).min_by_key(|(i, _)| *i)
    {
        if at > 0 {
            events.push(Event::Text(CowStr::from(rest[..at].to_string())));
        }
        events.push(Event::InlineHtml(CowStr::from(format!(
            "<span class=\"badge {class}\" role=\"img\" aria-label=\"{label}\" title=\"{label}\"></span>"
        ))));
        rest = &rest[at + emoji.len()..];
    }
    if !rest.is_empty() {
        events.push(Event::Text(CowStr::from(rest.to_string())));
    }
    events
}

const CSS: &str = "body { font: 15px/1.5 system-ui, sans-serif; color: #1f2328; margin: 0; }
main { max-width: 980px; margin: 0 auto; padding: 24px; }
h1, h2 { border-bottom: 1px solid #d1d9e0; padding-bottom: .3em; }
code { background: #eff1f3; padding: .1em .3em; border-radius: 4px; font-size: 90%; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { border: 1px solid #d1d9e0; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
figure.chart { margin: 1em 0 1.5em; }
figure.chart svg { display: block; max-width: 100%; height: auto; }
figure.chart figcaption { font-weight: 600; margin-bottom: .4em; }
figure.chart details { margin-top: .4em; font-size: 13px; }
.table-wrap { overflow-x: auto; }
h1, h2, h3, h4, p, li, figcaption { overflow-wrap: anywhere; }
pre { overflow-x: auto; }
.badge { display: inline-block; width: .8em; height: .8em; border-radius: 50%; vertical-align: -.05em; }
.badge.error { background: #d1242f; }
.badge.warning { background: #d4a72c; border-radius: 2px; }
.badge.info { background: #0969da; }
.badge.ok { background: #1a7f37; }
@media (prefers-color-scheme: dark) {
  body { background: #0d1117; color: #e6edf3; }
  code { background: #262c36; }
  th { background: #161b22; }
  th, td, h1, h2 { border-color: #3d444d; }
}
";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_never_passes_raw_html_through() {
        let blocks = [Block::Markdown("# Title\n\nservice <script>alert(1)</script>\n\n| a |\n|---|\n| b |\n".into())];
        let page = page("x<y", &blocks);
        assert!(!page.contains("<script>"));
        assert!(page.contains("&lt;script&gt;"));
        assert!(page.contains("<div class=\"table-wrap\"><table>"));
        assert!(page.contains("<title>Docker diagnosis report: x&lt;y</title>"));
    }
}
