//! Where code lives: command modules are thin (their clap arguments and a
//! call into the library), hold no SOP rule, and never import `cli.rs`,
//! which imports them.

use crate::common::repo;

fn command_files() -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut dirs = vec![repo().join("src/commands")];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                let name = p.strip_prefix(repo()).unwrap().display().to_string();
                out.push((name, std::fs::read_to_string(&p).unwrap()));
            }
        }
    }
    assert!(out.len() >= 10, "{} command files", out.len());
    out
}

/// The code of a file: no comments, no attributes (help text lives there).
fn code(text: &str) -> Vec<(usize, &str)> {
    let mut in_attr = false;
    let mut out = Vec::new();
    for (i, l) in text.lines().enumerate() {
        let t = l.trim();
        if t.starts_with("#[") {
            in_attr = !t.ends_with(']');
            continue;
        }
        if in_attr {
            in_attr = !t.ends_with(")]");
            continue;
        }
        if !t.starts_with("//") {
            out.push((i + 1, l));
        }
    }
    out
}

fn is_rule_id(word: &str) -> bool {
    let mut c = word.chars();
    matches!(c.next(), Some('N' | 'E' | 'O' | 'D' | 'T' | 'F' | 'B'))
        && c.clone().next().is_some()
        && c.all(|d| d.is_ascii_digit())
        && cs::playbook::rules::is_known(word)
}

#[test]
fn command_modules_are_thin_and_hold_no_sop_rule() {
    for (name, text) in command_files() {
        let lines = text.lines().count();
        assert!(
            lines <= 200,
            "{name} has {lines} lines; move logic to the library"
        );
        for (n, line) in code(&text) {
            assert!(
                !line.contains("crate::cli"),
                "{name}:{n}: a command imports cli.rs, which imports the commands"
            );
            for word in line.split(|c: char| !c.is_ascii_alphanumeric()) {
                assert!(
                    !is_rule_id(word),
                    "{name}:{n}: SOP rule {word} in a command module: {line}"
                );
            }
        }
    }
}

/// Every `.rs` file below `dir` (relative to the repository), with its text.
fn files_below(dir: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut dirs = vec![repo().join(dir)];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                let name = p.strip_prefix(repo()).unwrap().display().to_string();
                out.push((name, std::fs::read_to_string(&p).unwrap()));
            }
        }
    }
    out
}

#[test]
fn no_file_of_the_engine_or_the_salesforce_module_is_over_600_lines() {
    for dir in ["src/engine", "src/salesforce"] {
        let files = files_below(dir);
        assert!(files.len() >= 4, "{dir}: {} files", files.len());
        for (name, text) in files {
            let n = text.lines().count();
            assert!(n <= 600, "{name} has {n} lines; split it (at most 600)");
        }
    }
}

/// The engine applies every system's effects without knowing any: adding
/// a system is a new module, never a new branch in the engine.
#[test]
fn the_engine_names_no_system() {
    let files = files_below("src/engine");
    assert!(files.len() >= 6, "{} engine files", files.len());
    for (name, text) in files {
        for (n, line) in text.lines().enumerate() {
            let l = line.to_lowercase();
            for word in [
                "salesforce",
                "slack",
                "outreach",
                "recurly",
                "webhook",
                "soql",
                "crate::submit",
                "crate::effect",
                "crate::org",
            ] {
                assert!(
                    !l.contains(word),
                    "{name}:{}: the engine names `{word}`: {line}",
                    n + 1
                );
            }
        }
    }
}

/// Salesforce and Slack are both systems of the engine, through the same
/// trait.
#[test]
fn salesforce_and_slack_implement_the_engines_system_trait() {
    fn system<T: cs::engine::run::System<cs::effect::Item>>() -> &'static str {
        std::any::type_name::<T>()
    }
    assert!(system::<cs::salesforce::effects::Records<'static>>().contains("salesforce"));
    assert!(system::<cs::slack::Posts<'static>>().contains("slack"));
}

/// The module a path of `src/` is (`engine/journal/mod.rs` is
/// `engine::journal`); none for the crate roots.
fn module_of(path: &str) -> Vec<String> {
    let p = path
        .trim_start_matches("src/")
        .trim_end_matches(".rs")
        .to_string();
    let mut parts: Vec<String> = p.split('/').map(str::to_string).collect();
    if parts.last().is_some_and(|l| l == "mod") {
        parts.pop();
    }
    if parts == ["lib"] || parts == ["main"] {
        parts.clear();
    }
    parts
}

/// Every file of `src/` and the files it takes names from: `crate::a::b`
/// (and `cs::a::b` in the binary) lead to the deepest module file of the
/// path, `super::x` to the parent's; tests and comments are left out.
fn import_graph() -> std::collections::BTreeMap<String, std::collections::BTreeSet<String>> {
    let files = files_below("src");
    let by_module: std::collections::HashMap<Vec<String>, String> = files
        .iter()
        .map(|(name, _)| (module_of(name), name.clone()))
        .collect();
    let resolve = |parts: &[String]| -> Option<String> {
        (1..=parts.len())
            .rev()
            .find_map(|n| by_module.get(&parts[..n]).cloned())
    };
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == ':';
    let mut graph = std::collections::BTreeMap::new();
    for (name, text) in &files {
        let me = module_of(name);
        let code = text.split("#[cfg(test)]\nmod tests").next().unwrap_or("");
        let mut to = std::collections::BTreeSet::new();
        for line in code.lines() {
            let line = line.split("//").next().unwrap_or("");
            for (i, _) in line.match_indices(['c', 's']) {
                if i > 0 && word(line[..i].chars().last().unwrap_or(' ')) {
                    continue;
                }
                let path: String = line[i..].chars().take_while(|c| word(*c)).collect();
                let segs: Vec<String> = path
                    .split("::")
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect();
                let target = match segs.first().map(String::as_str) {
                    Some("crate") | Some("cs") if segs.len() > 1 => resolve(&segs[1..]),
                    Some("super") => {
                        let ups = segs.iter().take_while(|s| *s == "super").count();
                        let base = me[..me.len().saturating_sub(ups)].to_vec();
                        let mut full = base.clone();
                        full.extend(segs[ups..].iter().cloned());
                        resolve(&full).or_else(|| by_module.get(&base).cloned())
                    }
                    _ => None,
                };
                if let Some(t) = target.filter(|t| t != name) {
                    to.insert(t);
                }
            }
        }
        graph.insert(name.clone(), to);
    }
    graph
}

/// The modules of `src/` import in one direction: no file reaches itself
/// through the files it takes names from.
#[test]
fn no_import_circle_among_the_modules_of_src() {
    let graph = import_graph();
    assert!(graph.len() >= 60, "{} files", graph.len());
    assert!(
        graph["src/workflow.rs"].contains("src/answers/org/mod.rs"),
        "the graph sees imports: {:?}",
        graph["src/workflow.rs"]
    );
    // Depth-first, keeping the path: a file met again on it closes a circle.
    fn visit(
        f: &str,
        graph: &std::collections::BTreeMap<String, std::collections::BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut std::collections::BTreeSet<String>,
    ) {
        if let Some(at) = path.iter().position(|p| p == f) {
            panic!("import circle: {} -> {f}", path[at..].join(" -> "));
        }
        if !done.insert(f.to_string()) {
            return;
        }
        path.push(f.to_string());
        for t in &graph[f] {
            visit(t, graph, path, done);
        }
        path.pop();
    }
    let mut done = std::collections::BTreeSet::new();
    for f in graph.keys() {
        visit(f, &graph, &mut Vec::new(), &mut done);
    }
}

/// The org reader is a source of answers beneath the workflow: `fields`
/// and `sops` do not import it (a SOP reads the org only through
/// `answers::org::Reader`), and neither the reader nor `answers::org`
/// imports `workflow` or `sops`.
#[test]
fn the_org_reader_is_a_source_beneath_the_workflow() {
    let graph = import_graph();
    let reader = |f: &str| f.starts_with("src/org/");
    let source = |f: &str| reader(f) || f.starts_with("src/answers/org/");
    for (f, to) in &graph {
        if f.starts_with("src/fields/") || f.starts_with("src/sops/") {
            assert!(
                !to.iter().any(|t| reader(t)),
                "{f} imports the org reader: {to:?}"
            );
        }
        if source(f) {
            for t in to {
                assert!(
                    t != "src/workflow.rs" && !t.starts_with("src/sops/"),
                    "{f} imports {t}"
                );
            }
        }
    }
}
