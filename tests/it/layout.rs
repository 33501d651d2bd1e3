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
