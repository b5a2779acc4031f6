use super::*;

fn doc(text: &str) -> (Node, Vec<YamlError>) {
    let y = parse(text);
    (y.documents.into_iter().next().unwrap_or(Node::new(Value::Null, 0..0)), y.errors)
}

fn s<'a>(text: &'a str, n: &Node) -> &'a str {
    &text[n.range.clone()]
}

#[test]
fn mapping_with_ranges() {
    let text = "services:\n  web:\n    image: \"nginx:latest\"\n    ports: [\"80:80\", 443]\n";
    let (root, errs) = doc(text);
    assert!(errs.is_empty(), "{errs:?}");
    let web = root.get("services").unwrap().get("web").unwrap();
    let image = web.get("image").unwrap();
    assert_eq!(image.as_str(), Some("nginx:latest"));
    assert_eq!(s(text, image), "\"nginx:latest\"");
    let ports = web.get("ports").unwrap().as_seq().unwrap();
    assert_eq!(ports[1].as_scalar().unwrap().kind, ScalarKind::Int);
    assert_eq!(s(text, &ports[1]), "443");
    assert_eq!(s(text, &web.entry("ports").unwrap().key), "ports");
}

#[test]
fn anchors_aliases_and_merges_remember_origin() {
    let text = "x-base: &base\n  restart: always\n  image: base:1\nservices:\n  web:\n    <<: *base\n    image: web:2\n  db: *base\n";
    let (root, errs) = doc(text);
    assert!(errs.is_empty(), "{errs:?}");
    let web = root.get("services").unwrap().get("web").unwrap();
    assert_eq!(web.get("image").unwrap().as_str(), Some("web:2"), "explicit key wins over merge");
    let restart = web.entry("restart").unwrap();
    assert_eq!(restart.value.as_str(), Some("always"));
    assert_eq!(s(text, &restart.value), "always", "range is the anchor's definition");
    assert_eq!(&text[restart.merged_from.clone().unwrap()], "<<: *base");
    let db = root.get("services").unwrap().get("db").unwrap();
    assert_eq!(db.get("image").unwrap().as_str(), Some("base:1"));
    assert_eq!(&text[db.via_alias.clone().unwrap()], "*base");
}

#[test]
fn merge_list_earlier_wins() {
    let text = "a: &a {x: 1}\nb: &b {x: 2, y: 2}\nc:\n  <<: [*a, *b]\n";
    let (root, _) = doc(text);
    let c = root.get("c").unwrap();
    assert_eq!(c.get("x").unwrap().as_str(), Some("1"));
    assert_eq!(c.get("y").unwrap().as_str(), Some("2"));
}

#[test]
fn scalars_decode() {
    let text = "a: 'it''s'\nb: \"tab\\there \\u00e9\"\nc: |-\n  line1\n   more\nd: >\n  f1\n  f2\n\n  f3\ne:\nf: plain\n  folded\ng: !!str 123\nh: ~\ni: |\n  keep\n";
    let (root, errs) = doc(text);
    assert!(errs.is_empty(), "{errs:?}");
    assert_eq!(root.get("a").unwrap().as_str(), Some("it's"));
    assert_eq!(root.get("b").unwrap().as_str(), Some("tab\there é"));
    assert_eq!(root.get("c").unwrap().as_str(), Some("line1\n more"));
    assert_eq!(root.get("d").unwrap().as_str(), Some("f1 f2\nf3\n"));
    assert!(root.get("e").unwrap().is_null());
    assert_eq!(root.get("f").unwrap().as_str(), Some("plain folded"));
    assert_eq!(root.get("g").unwrap().as_scalar().unwrap().kind, ScalarKind::Str);
    assert!(root.get("h").unwrap().is_null());
    assert_eq!(root.get("i").unwrap().as_str(), Some("keep\n"));
}

#[test]
fn half_typed_key_keeps_the_rest() {
    let text = "services:\n  web:\n    image: nginx:latest\n    por\n  db:\n    image: redis:latest\n";
    let (root, errs) = doc(text);
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert_eq!(&text[errs[0].range.clone()], "por");
    assert!(errs[0].message.contains("expected `key: value`"));
    let services = root.get("services").unwrap();
    assert_eq!(services.get("web").unwrap().get("image").unwrap().as_str(), Some("nginx:latest"));
    assert_eq!(services.get("db").unwrap().get("image").unwrap().as_str(), Some("redis:latest"));
}

#[test]
fn over_indented_pair_is_an_error_not_part_of_the_value() {
    let text = "services:\n  web:\n    image: nginx:1.27\n    restart: always\n        environment: x\n  db:\n    image: postgres:16\n";
    let (root, errs) = doc(text);
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert_eq!(&text[errs[0].range.clone()], "environment: x");
    // The rest of the file is still there.
    assert_eq!(root.get("services").unwrap().get("db").unwrap().get("image").unwrap().as_str(), Some("postgres:16"));
    // A plain value folded over lines is fine, and so is a flow mapping over lines.
    let (_, errs) = doc("a:\n  command: echo one\n    two three\nb: {x: 1,\n  y: 2}\n");
    assert!(errs.is_empty(), "{errs:?}");
}

#[test]
fn broken_service_line_keeps_siblings() {
    let text = "services:\n  web:\n    image: nginx:latest\n  db\n  cache:\n    image: memcached:latest\n";
    let (root, errs) = doc(text);
    assert_eq!(errs.len(), 1);
    let services = root.get("services").unwrap();
    assert!(services.get("web").is_some());
    assert_eq!(services.get("cache").unwrap().get("image").unwrap().as_str(), Some("memcached:latest"));
}

#[test]
fn duplicate_keys_and_unknown_anchor() {
    let (_, errs) = doc("a: 1\na: 2\nb: *nope\n");
    let msgs: Vec<_> = errs.iter().map(|e| e.message.as_str()).collect();
    assert_eq!(msgs, ["duplicate key `a` in this mapping", "unknown YAML anchor `*nope`"]);
}

#[test]
fn alias_bomb_is_bounded() {
    let mut text = String::from("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    let names = ["b", "c", "d", "e", "f", "g", "h", "i"];
    let mut prev = "a";
    for n in names {
        text += &format!("{n}: &{n} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n");
        prev = n;
    }
    let y = parse(&text);
    assert!(y.errors.iter().any(|e| e.message.contains("alias bomb")), "{:?}", y.errors);
}

#[test]
fn deep_nesting_is_bounded() {
    let text = "[".repeat(5000) + &"]".repeat(5000);
    let y = parse(&text);
    assert!(y.errors.iter().any(|e| e.message.contains("nested deeper")));
}

#[test]
fn crlf_and_comments() {
    let text = "# c\r\nservices: # trailing\r\n  web:\r\n    image: x:1 # note\r\n";
    let (root, errs) = doc(text);
    assert!(errs.is_empty(), "{errs:?}");
    let img = root.get("services").unwrap().get("web").unwrap().get("image").unwrap();
    assert_eq!(img.as_str(), Some("x:1"));
    assert_eq!(s(text, img), "x:1");
}

#[test]
fn tabs_and_garbage_do_not_panic() {
    for t in [
        "\t- a",
        "a:\n\t- b",
        ":",
        "- - - -",
        "{",
        "[",
        "\"",
        "'",
        "|",
        ">-\n",
        "&a",
        "*a",
        "<<: 1",
        "a: !!binary x",
        "\u{feff}a: 1",
    ] {
        let _ = parse(t);
    }
}

#[test]
fn half_typed_last_line_keeps_the_document() {
    let text = "services:\n  prometheus:\n    image: prom/prometheus:latest\n  db:\n    image: redis\n    por\n";
    let (root, errs) = doc(text);
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert_eq!(&text[errs[0].range.clone()], "por");
    let services = root.get("services").unwrap();
    assert_eq!(services.get("prometheus").unwrap().get("image").unwrap().as_str(), Some("prom/prometheus:latest"));
    assert_eq!(services.get("db").unwrap().get("image").unwrap().as_str(), Some("redis"));
}

#[test]
fn plain_continuations_and_values_are_not_half_typed() {
    for text in [
        "a:\n  value on next line\n",
        "a: long plain\n  continued here\n",
        "a: |\n  text\n  more\nb: 1\n",
        "a: [x,\n  y]\n",
        "- a\n- b\n",
    ] {
        assert!(half_typed_lines(text).is_empty(), "{text:?}");
        assert!(parse(text).errors.is_empty(), "{text:?}");
    }
}

/// Applies a text edit to both the text and the tree, as an editor does between parses.
fn edit(text: &mut String, tree: &mut Tree, start: usize, end: usize, new: &str) {
    let point = |t: &str, off: usize| {
        let row = t[..off].matches('\n').count();
        let col = off - t[..off].rfind('\n').map_or(0, |i| i + 1);
        Point { row, column: col }
    };
    let start_position = point(text, start);
    let old_end_position = point(text, end);
    text.replace_range(start..end, new);
    let new_end = start + new.len();
    tree.edit(&InputEdit {
        start_byte: start,
        old_end_byte: end,
        new_end_byte: new_end,
        start_position,
        old_end_position,
        new_end_position: point(text, new_end),
    });
}

#[test]
fn incremental_reparse_matches_a_full_parse() {
    let mut text = String::from("services:\n  web:\n    image: nginx:latest\n  db:\n    image: redis\n");
    let (_, tree) = parse_incremental(&text, None);
    let mut tree = tree.unwrap();
    // Edits of every kind: a value change, a half-typed key, a new line, then a deletion.
    let steps: [(&str, &str); 4] =
        [("latest", "1.27"), ("  db:", "  d"), ("redis", "redis:7\n    ports: [\"80:80\"]"), ("  d\n", "")];
    for (from, to) in steps {
        let start = text.find(from).unwrap();
        edit(&mut text, &mut tree, start, start + from.len(), to);
        let (inc, new_tree) = parse_incremental(&text, Some(&tree));
        assert_eq!(inc, parse(&text), "after {from:?} → {to:?}:\n{text}");
        tree = new_tree.unwrap();
    }
}
