//! The report's pictures: horizontal stacked bar charts as hand-written SVG (no script, no
//! network, no dependency), each with a text table that says the same.
//!
//! The layout is computed here, so text never leaves its box: chart text is set in a
//! monospace font whose advance is known (0.6 em), labels longer than the label column are
//! cut with `…` (the whole label stays in the bar's `<title>` and in the table), and the
//! bars are scaled to leave room for the value after the longest one.

use std::fmt::Write as _;

/// What the numbers count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Count,
    Bytes,
}

impl Unit {
    pub fn show(self, v: u64) -> String {
        match self {
            Unit::Count => v.to_string(),
            Unit::Bytes => shipshape_rules::model::context::human_size(v),
        }
    }
}

/// One stacked part of every bar.
#[derive(Debug, Clone)]
pub struct Series {
    pub name: &'static str,
    pub color: &'static str,
}

#[derive(Debug, Clone)]
pub struct Row {
    pub label: String,
    /// One value per series, stacked left to right.
    pub values: Vec<u64>,
}

/// A chart with its title and a one-sentence description (read by screen readers; the
/// table says it all again).
#[derive(Debug, Clone)]
pub struct BarChart {
    /// Unique in the page (`id` attributes derive from it).
    pub id: String,
    pub title: String,
    pub description: String,
    pub unit: Unit,
    pub series: Vec<Series>,
    pub rows: Vec<Row>,
}

pub const ERROR: &str = "#d1242f";
pub const WARNING: &str = "#bf8700";
pub const INFO: &str = "#0969da";
pub const MUTED: &str = "#8c959f";
pub const GOOD: &str = "#1a7f37";

const WIDTH: u32 = 600;
const FONT: u32 = 12;
/// The advance of one character of the monospace font at [`FONT`] (0.6 em), rounded up.
const CHAR: f64 = 7.3;
const ROW: u32 = 24;
const BAR: u32 = 14;
const LEGEND: u32 = 28;
const MAX_LABEL: usize = 26;
const GAP: f64 = 8.0;

/// Columns a string takes in the monospace font: East Asian wide characters and emoji
/// count twice.
fn columns(s: &str) -> usize {
    s.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum()
}

fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x1F300..=0x1FAFF | 0x20000..=0x3FFFD)
}

/// `s` cut to `max` columns with `…` in the middle, so that both ends stay: a service's
/// name starts it, an image's tag ends it (`docker.elasti…earch:8.11.0`).
fn fit(s: &str, max: usize) -> String {
    if columns(s) <= max {
        return s.to_string();
    }
    let budget = max - 1;
    let (mut head, mut used) = (String::new(), 0);
    for c in s.chars() {
        let w = if is_wide(c) { 2 } else { 1 };
        if used + w > budget.div_ceil(2) {
            break;
        }
        used += w;
        head.push(c);
    }
    let mut tail: Vec<char> = Vec::new();
    for c in s.chars().rev() {
        let w = if is_wide(c) { 2 } else { 1 };
        if used + w > budget {
            break;
        }
        used += w;
        tail.push(c);
    }
    tail.reverse();
    format!("{head}…{}", tail.into_iter().collect::<String>())
}

/// Text for SVG or HTML: `&`, `<`, `>` and quotes escaped.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// An `id` made of `[a-z0-9-]` only.
fn slug(s: &str) -> String {
    s.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect()
}

impl BarChart {
    fn total(&self, row: &Row) -> u64 {
        row.values.iter().sum()
    }

    /// What one row says in words: `backend — warnings: 4, suggestions: 3`.
    fn row_text(&self, row: &Row) -> String {
        let parts: Vec<String> = self
            .series
            .iter()
            .zip(&row.values)
            .filter(|(_, v)| **v > 0)
            .map(|(s, v)| format!("{}: {}", s.name, self.unit.show(*v)))
            .collect();
        if parts.is_empty() {
            format!("{} — none", row.label)
        } else {
            format!("{} — {}", row.label, parts.join(", "))
        }
    }

    pub fn svg(&self) -> String {
        let id = slug(&self.id);
        let labels: Vec<String> = self.rows.iter().map(|r| fit(&r.label, MAX_LABEL)).collect();
        let label_w = labels.iter().map(|l| columns(l)).max().unwrap_or(0) as f64 * CHAR + GAP;
        let values: Vec<String> = self.rows.iter().map(|r| self.unit.show(self.total(r))).collect();
        let value_w = values.iter().map(|v| columns(v)).max().unwrap_or(0) as f64 * CHAR + GAP;
        let bar_x = label_w;
        let bar_w = (f64::from(WIDTH) - label_w - value_w - GAP).max(40.0);
        let max = self.rows.iter().map(|r| self.total(r)).max().unwrap_or(0).max(1) as f64;
        let height = LEGEND + ROW * self.rows.len() as u32 + 4;
        let mut s = String::new();
        let _ = write!(
            s,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" viewBox=\"0 0 {WIDTH} {height}\" \
             width=\"{WIDTH}\" height=\"{height}\" aria-labelledby=\"{id}-title {id}-desc\" \
             font-family=\"ui-monospace, 'DejaVu Sans Mono', 'Liberation Mono', monospace\" font-size=\"{FONT}\">\n\
             <title id=\"{id}-title\">{}</title>\n<desc id=\"{id}-desc\">{}</desc>\n",
            escape(&self.title),
            escape(&self.description)
        );
        // The legend: a swatch and a name per series, laid out left to right.
        let mut x = 0.0;
        for series in &self.series {
            let _ = writeln!(
                s,
                "<rect class=\"swatch\" x=\"{x:.1}\" y=\"6\" width=\"12\" height=\"12\" fill=\"{}\"/>\
                 <text class=\"legend\" x=\"{:.1}\" y=\"16\" fill=\"currentColor\">{}</text>",
                series.color,
                x + 16.0,
                escape(series.name)
            );
            x += 16.0 + columns(series.name) as f64 * CHAR + 2.0 * GAP;
        }
        for (k, row) in self.rows.iter().enumerate() {
            let y = LEGEND + ROW * k as u32;
            let text_y = y + BAR - 2;
            let _ = writeln!(
                s,
                "<g class=\"row\"><title>{}</title>\n<text class=\"label\" x=\"0\" y=\"{text_y}\" fill=\"currentColor\">{}</text>",
                escape(&self.row_text(row)),
                escape(&labels[k])
            );
            let mut at = bar_x;
            for (series, v) in self.series.iter().zip(&row.values) {
                if *v == 0 {
                    continue;
                }
                let w = (*v as f64 / max * bar_w).max(1.0);
                let _ = writeln!(
                    s,
                    "<rect class=\"bar\" x=\"{at:.1}\" y=\"{y}\" width=\"{w:.1}\" height=\"{BAR}\" fill=\"{}\"/>",
                    series.color
                );
                at += w;
            }
            let _ = writeln!(
                s,
                "<text class=\"value\" x=\"{:.1}\" y=\"{text_y}\" fill=\"currentColor\">{}</text></g>",
                at + GAP / 2.0,
                escape(&values[k])
            );
        }
        s.push_str("</svg>\n");
        s
    }

    /// The same numbers as a Markdown table (the chart's text equivalent).
    pub fn table(&self) -> String {
        let mut t = String::new();
        let head: Vec<&str> = self.series.iter().map(|s| s.name).collect();
        let _ = writeln!(t, "| | {} | total |", head.join(" | "));
        let _ = writeln!(t, "|---|{}---:|", "---:|".repeat(self.series.len()));
        for row in &self.rows {
            let cells: Vec<String> = row.values.iter().map(|v| self.unit.show(*v)).collect();
            let _ = writeln!(
                t,
                "| {} | {} | {} |",
                row.label.replace('|', "\\|"),
                cells.join(" | "),
                self.unit.show(self.total(row))
            );
        }
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart() -> BarChart {
        BarChart {
            id: "findings by service".into(),
            title: "Findings per service".into(),
            description: "Stacked by severity.".into(),
            unit: Unit::Count,
            series: vec![
                Series { name: "errors", color: ERROR },
                Series { name: "warnings", color: WARNING },
                Series { name: "suggestions", color: INFO },
            ],
            rows: vec![
                Row { label: "backend".into(), values: vec![0, 4, 3] },
                Row { label: "<script>a-very-long-service-name-indeed</script>".into(), values: vec![1, 0, 0] },
            ],
        }
    }

    #[test]
    fn the_svg_is_deterministic_and_escaped() {
        let svg = chart().svg();
        assert!(!svg.contains("<script>"), "{svg}");
        assert!(svg.contains("role=\"img\"") && svg.contains("aria-labelledby=\"findings-by-service-title"));
        insta::assert_snapshot!("bar_chart_svg", svg);
        insta::assert_snapshot!("bar_chart_table", chart().table());
    }

    #[test]
    fn labels_fit_their_column() {
        assert_eq!(fit("backend", 26), "backend");
        let cut = fit("abcdefghijklmnopqrstuvwxyz0123", 10);
        assert_eq!((cut.as_str(), columns(&cut)), ("abcde…0123", 10));
        assert_eq!(fit("docker.elastic.co/elasticsearch/elasticsearch:8.11.0", 26), "docker.elasti…earch:8.11.0");
        assert_eq!(columns(&fit("服务服务服务服务", 7)), 7);
        assert_eq!(escape("a<b>&\"'"), "a&lt;b&gt;&amp;&quot;&#39;");
    }
}
