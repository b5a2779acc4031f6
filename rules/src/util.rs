//! Small shared helpers.

/// Edit distance with adjacent transpositions (optimal string alignment), so that
/// typos like `imgae` are one edit away. Inputs are short keywords.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let w = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * w];
    for i in 0..=a.len() {
        for j in 0..=b.len() {
            d[i * w + j] = if i == 0 || j == 0 {
                i + j
            } else {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                let mut v = (d[(i - 1) * w + j] + 1).min(d[i * w + j - 1] + 1).min(d[(i - 1) * w + j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    v = v.min(d[(i - 2) * w + j - 2] + 1);
                }
                v
            };
        }
    }
    d[a.len() * w + b.len()]
}

/// The candidate closest to `word` within a small distance, for "did you mean …?".
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let max = (word.chars().count() / 3).clamp(1, 3);
    candidates
        .into_iter()
        .map(|c| (edit_distance(word, c), c))
        .filter(|&(d, _)| d <= max)
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
}

/// An absolute container path with `.`, `..` and repeated slashes resolved, as the
/// builder resolves `WORKDIR` and mount targets (`/app/../src//x` → `/src/x`).
pub fn container_path(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for p in path.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    format!("/{}", parts.join("/"))
}

/// A file path as a user reads it in a message or types it from the working directory:
/// `/` separators and no leading `./` (`./a/.dockerignore` → `a/.dockerignore`).
pub fn shown_path(path: &std::path::Path) -> String {
    let s = path.to_string_lossy().replace('\\', "/");
    let mut rest = s.as_str();
    while let Some(r) = rest.strip_prefix("./") {
        rest = r.trim_start_matches('/');
    }
    if rest.is_empty() {
        ".".to_string()
    } else {
        rest.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shown_paths() {
        use std::path::Path;
        assert_eq!(shown_path(Path::new("./a/.dockerignore")), "a/.dockerignore");
        assert_eq!(shown_path(Path::new(".")), ".");
        assert_eq!(shown_path(Path::new("./")), ".");
        assert_eq!(shown_path(Path::new("../x/Dockerfile")), "../x/Dockerfile");
        assert_eq!(shown_path(Path::new("/abs/compose.yaml")), "/abs/compose.yaml");
    }

    #[test]
    fn distances() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(did_you_mean("imgae", ["image", "build"]), Some("image"));
        assert_eq!(did_you_mean("zzzzzz", ["image", "build"]), None);
    }

    #[test]
    fn container_paths() {
        assert_eq!(container_path("/app/../src//x/./y"), "/src/x/y");
        assert_eq!(container_path("relative/.."), "/");
        assert_eq!(container_path("/../.."), "/");
    }
}
