//! `.env` files as Compose reads them: `KEY=VALUE` lines, `#` comments, optional
//! `export `, single quotes literal, double quotes with `\n`-style escapes.

/// Parses `.env` text into pairs in file order. Lines that are not assignments are skipped.
pub fn parse(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let line = line.strip_prefix("export ").unwrap_or(line);
        let Some((key, value)) = line.split_once('=') else { continue };
        let key = key.trim();
        if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.' || c == '-') {
            continue;
        }
        let value = value.trim();
        let value = if let Some(v) = value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')) {
            v.to_string()
        } else if let Some(v) = value.strip_prefix('"').and_then(|v| v.strip_suffix('"')) {
            v.replace("\\n", "\n").replace("\\\"", "\"").replace("\\\\", "\\")
        } else {
            // An unquoted value ends at ` #` (an inline comment).
            value.split(" #").next().unwrap_or("").trim_end().to_string()
        };
        out.push((key.to_string(), value));
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn parses_forms() {
        let env = super::parse("# c\nA=1\nexport B = two \nC='lit $x'\nD=\"a\\nb\"\nE=x # note\nnot a line\n=bad\n");
        assert_eq!(
            env,
            vec![
                ("A".into(), "1".into()),
                ("B".into(), "two".into()),
                ("C".into(), "lit $x".into()),
                ("D".into(), "a\nb".into()),
                ("E".into(), "x".into())
            ]
        );
    }
}
