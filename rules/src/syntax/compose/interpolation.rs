//! Compose variable interpolation: `$VAR`, `${VAR}`, `${VAR:-d}`, `${VAR-d}`,
//! `${VAR:?err}`, `${VAR?err}`, `${VAR:+alt}`, `${VAR+alt}` and the `$$` escape,
//! following the Compose Specification's "Interpolation" section.

use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// `:-` — default when unset or empty.
    DefaultUnsetOrEmpty,
    /// `-` — default when unset.
    DefaultUnset,
    /// `:?` — error when unset or empty.
    RequiredNonEmpty,
    /// `?` — error when unset.
    Required,
    /// `:+` — replacement when set and non-empty.
    AltNonEmpty,
    /// `+` — replacement when set.
    Alt,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Var {
    pub name: String,
    /// Range of the whole reference (`${...}` or `$NAME`) in the input string.
    pub range: Range<usize>,
    pub name_range: Range<usize>,
    pub op: Option<(Op, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InterpError {
    pub range: Range<usize>,
    pub message: String,
}

/// Finds top-level variable references (nested ones inside a default are resolved by
/// [`interpolate`]). Invalid `${...}` forms are returned as errors.
pub fn find(s: &str) -> (Vec<Var>, Vec<InterpError>) {
    let mut vars = Vec::new();
    let mut errors = Vec::new();
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'$' {
            i += 1;
            continue;
        }
        match b.get(i + 1) {
            Some(b'$') => i += 2,
            Some(b'{') => match braced(s, i) {
                Ok((v, end)) => {
                    vars.push(v);
                    i = end;
                }
                Err(e) => {
                    i = e.range.end.max(i + 1);
                    errors.push(e);
                }
            },
            Some(c) if c.is_ascii_alphabetic() || *c == b'_' => {
                let start = i + 1;
                let mut end = start;
                while end < b.len() && (b[end].is_ascii_alphanumeric() || b[end] == b'_') {
                    end += 1;
                }
                vars.push(Var { name: s[start..end].to_string(), range: i..end, name_range: start..end, op: None });
                i = end;
            }
            _ => i += 1,
        }
    }
    (vars, errors)
}

/// Parses `${...}` starting at `at` (the `$`). Returns the var and the end offset.
fn braced(s: &str, at: usize) -> Result<(Var, usize), InterpError> {
    let b = s.as_bytes();
    let name_start = at + 2;
    let mut j = name_start;
    while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'_') {
        j += 1;
    }
    // Find the matching close brace, allowing nested `${...}` in the argument.
    let mut depth = 1;
    let mut k = j;
    while k < b.len() {
        match b[k] {
            b'$' if b.get(k + 1) == Some(&b'{') => {
                depth += 1;
                k += 1;
            }
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            _ => {}
        }
        k += 1;
    }
    if k >= b.len() {
        return Err(InterpError { range: at..s.len(), message: "unterminated `${`: missing `}`".into() });
    }
    let name = &s[name_start..j];
    let invalid = |msg: &str| InterpError {
        range: at..k + 1,
        message: format!("invalid interpolation `{}`: {msg}", &s[at..k + 1]),
    };
    if name.is_empty() || name.as_bytes()[0].is_ascii_digit() {
        return Err(invalid("a variable name starts with a letter or `_`"));
    }
    let rest = &s[j..k];
    let op = if rest.is_empty() {
        None
    } else {
        let (op, arg) = if let Some(a) = rest.strip_prefix(":-") {
            (Op::DefaultUnsetOrEmpty, a)
        } else if let Some(a) = rest.strip_prefix(":?") {
            (Op::RequiredNonEmpty, a)
        } else if let Some(a) = rest.strip_prefix(":+") {
            (Op::AltNonEmpty, a)
        } else if let Some(a) = rest.strip_prefix('-') {
            (Op::DefaultUnset, a)
        } else if let Some(a) = rest.strip_prefix('?') {
            (Op::Required, a)
        } else if let Some(a) = rest.strip_prefix('+') {
            (Op::Alt, a)
        } else {
            return Err(invalid("expected `}` or one of `:-`, `-`, `:?`, `?`, `:+`, `+` after the name"));
        };
        Some((op, arg.to_string()))
    };
    Ok((Var { name: name.to_string(), range: at..k + 1, name_range: name_start..j, op }, k + 1))
}

/// The result of interpolating with what is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    pub value: String,
    /// Variables that were needed but unknown (no value, no default).
    pub unknown: Vec<String>,
}

/// Interpolates `s` with `lookup`. Unknown variables expand to the empty string (as
/// Compose does, with a warning) and are listed in `unknown`.
pub fn interpolate(s: &str, lookup: &dyn Fn(&str) -> Option<String>) -> Resolved {
    let mut unknown = Vec::new();
    let value = expand(s, lookup, &mut unknown, 0);
    Resolved { value, unknown }
}

fn expand(s: &str, lookup: &dyn Fn(&str) -> Option<String>, unknown: &mut Vec<String>, depth: usize) -> String {
    if depth > 16 {
        return s.to_string();
    }
    let (vars, _) = find(s);
    let mut out = String::with_capacity(s.len());
    let mut pos = 0;
    for v in vars {
        out.push_str(&unescape(&s[pos..v.range.start]));
        pos = v.range.end;
        let val = lookup(&v.name);
        let set = val.is_some();
        let nonempty = val.as_deref().is_some_and(|x| !x.is_empty());
        let piece = match &v.op {
            None => val.unwrap_or_else(|| {
                unknown.push(v.name.clone());
                String::new()
            }),
            Some((Op::DefaultUnsetOrEmpty, d)) if !nonempty => expand(d, lookup, unknown, depth + 1),
            Some((Op::DefaultUnset, d)) if !set => expand(d, lookup, unknown, depth + 1),
            Some((Op::AltNonEmpty, a)) if nonempty => expand(a, lookup, unknown, depth + 1),
            Some((Op::Alt, a)) if set => expand(a, lookup, unknown, depth + 1),
            Some((Op::AltNonEmpty | Op::Alt, _)) => String::new(),
            Some((Op::RequiredNonEmpty, _)) if !nonempty => {
                unknown.push(v.name.clone());
                String::new()
            }
            Some((Op::Required, _)) if !set => {
                unknown.push(v.name.clone());
                String::new()
            }
            Some(_) => val.unwrap_or_default(),
        };
        out.push_str(&piece);
    }
    out.push_str(&unescape(&s[pos..]));
    out
}

fn unescape(s: &str) -> String {
    s.replace("$$", "$")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(name: &str) -> Option<String> {
        match name {
            "TAG" => Some("1.2".into()),
            "EMPTY" => Some(String::new()),
            _ => None,
        }
    }

    #[test]
    fn finds_with_ranges() {
        let s = "app:${TAG:-dev} $HOME $$notvar ${X}";
        let (vars, errs) = find(s);
        assert!(errs.is_empty());
        assert_eq!(vars.len(), 3);
        assert_eq!(&s[vars[0].range.clone()], "${TAG:-dev}");
        assert_eq!(&s[vars[0].name_range.clone()], "TAG");
        assert_eq!(vars[0].op, Some((Op::DefaultUnsetOrEmpty, "dev".into())));
        assert_eq!(&s[vars[1].range.clone()], "$HOME");
    }

    #[test]
    fn errors() {
        assert_eq!(find("${A").1.len(), 1);
        assert_eq!(find("${1A}").1.len(), 1);
        assert_eq!(find("${A*b}").1.len(), 1);
        assert_eq!(find("${}").1.len(), 1);
        assert!(find("$ $1 $").1.is_empty());
    }

    #[test]
    fn resolves_each_operator() {
        let r = |s: &str| interpolate(s, &env);
        assert_eq!(r("x:${TAG:-dev}").value, "x:1.2");
        assert_eq!(r("x:${NOPE:-dev}").value, "x:dev");
        assert_eq!(r("x:${EMPTY:-dev}").value, "x:dev");
        assert_eq!(r("x:${EMPTY-dev}").value, "x:");
        assert_eq!(r("${TAG:+set}").value, "set");
        assert_eq!(r("${EMPTY:+set}").value, "");
        assert_eq!(r("${EMPTY+set}").value, "set");
        assert_eq!(r("${NOPE:-${TAG}}").value, "1.2");
        assert_eq!(r("$$TAG").value, "$TAG");
        let unk = r("${NOPE}:${REQ:?need it}");
        assert_eq!(unk.unknown, vec!["NOPE".to_string(), "REQ".to_string()]);
    }
}
