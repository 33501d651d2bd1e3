//! Every example in the README, in the guide (`docs/`) and in `--help`
//! runs as written, from a copy of the repository's `examples/` and
//! `playbooks/`, on the examples' day (2026-11-20): a page's against the
//! practice org (`cargo run --example practice_org`, started as a reader
//! starts it), `--help`'s against the same org in the test. The pages'
//! examples print what the pages show.
//!
//! In a page's block, `$ ` starts a command (a line ending in `\` goes on
//! the next one) and the lines after it are what it prints, stdout and
//! stderr together. A line `...` stands for any lines (none included),
//! and `...` inside a line for any text.

use crate::common::salesforce::{FakeOrg, TOKEN};
use crate::common::*;
use std::path::Path;

/// One command of a README block, with what the README shows it print.
struct Example {
    line: usize,
    command: String,
    shown: Vec<String>,
}

/// The commands of each fenced block of `text` that holds `$ ` lines.
fn readme_blocks(text: &str) -> Vec<Vec<Example>> {
    let mut blocks = Vec::new();
    let mut block: Option<Vec<Example>> = None;
    let mut lines = text.lines().enumerate();
    while let Some((i, line)) = lines.next() {
        if line.starts_with("```") {
            match block.take() {
                Some(b) if !b.is_empty() => blocks.push(b),
                Some(_) => {}
                None => block = Some(Vec::new()),
            }
            continue;
        }
        let Some(b) = block.as_mut() else { continue };
        if let Some(command) = line.strip_prefix("$ ") {
            let mut command = command.to_string();
            while command.ends_with('\\') {
                command.pop();
                let (_, next) = lines.next().expect("a continued command goes on");
                command.push(' ');
                command.push_str(next.trim());
            }
            b.push(Example {
                line: i + 1,
                command,
                shown: Vec::new(),
            });
        } else if let Some(e) = b.last_mut() {
            e.shown.push(line.trim_end().to_string());
        }
    }
    blocks
}

/// Whether `line` reads as `pattern`, where `...` is any text.
fn line_matches(pattern: &str, line: &str) -> bool {
    let parts: Vec<&str> = pattern.split("...").collect();
    if parts.len() == 1 {
        return pattern == line;
    }
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !line.starts_with(first) || line.len() < first.len() + last.len() {
        return false;
    }
    let mut rest = &line[first.len()..line.len() - last.len()];
    if !line.ends_with(last) {
        return false;
    }
    for part in &parts[1..parts.len() - 1] {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    true
}

/// Whether `lines` read as `shown`, where a line `...` is any lines.
fn output_matches(shown: &[String], lines: &[&str]) -> bool {
    match shown.split_first() {
        None => lines.is_empty(),
        Some((first, rest)) if first.trim() == "..." => {
            (0..=lines.len()).any(|skip| output_matches(rest, &lines[skip..]))
        }
        Some((first, rest)) => {
            !lines.is_empty() && line_matches(first, lines[0]) && output_matches(rest, &lines[1..])
        }
    }
}

/// A directory as the repository root looks to a new user: `examples/`
/// and `playbooks/`, and a HOME.
fn sandbox() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for sub in ["examples", "playbooks"] {
        copy_tree(&repo().join(sub), &dir.path().join(sub));
    }
    std::fs::create_dir(dir.path().join("home")).unwrap();
    dir
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The test org the examples run against: the example account, its
/// users, and describes of an org set up for the playbooks.
fn example_org() -> FakeOrg {
    let org = crate::org::small_org();
    crate::org::describe_org(&org);
    crate::common::practice::seed_book(&org);
    org
}

/// Where a command's examples run: the test org's variables, as
/// `cargo run --example practice_org` prints them to export.
struct Org {
    vars: Vec<(String, String)>,
}

impl Org {
    fn of(org: &FakeOrg) -> Self {
        Self {
            vars: vec![
                ("SF_INSTANCE_URL".into(), org.url.clone()),
                ("SF_ACCESS_TOKEN".into(), TOKEN.into()),
                ("SLACK_WEBHOOK_URL".into(), org.webhook()),
                ("CS_TODAY".into(), TODAY.into()),
            ],
        }
    }
}

/// Runs `command` with bash in `dir`, with `cs` on the PATH and the org's
/// variables; its output, stdout and stderr together, and its exit code.
fn run(dir: &Path, org: &Org, command: &str) -> (String, Option<i32>) {
    let bin = Path::new(env!("CARGO_BIN_EXE_cs")).parent().unwrap();
    let path = std::env::join_paths(std::iter::once(bin.to_path_buf()).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .unwrap();
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg(format!("exec 2>&1\n{command}"))
        .env_clear()
        .env("PATH", path)
        .env("HOME", dir.join("home"))
        .envs(org.vars.iter().map(|(k, v)| (k, v)))
        .current_dir(dir)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        out.status.code(),
    )
}

/// The practice org (`examples/practice_org.rs`) running as a reader
/// starts it, and the variables it prints to export. Killed on drop.
struct Practice {
    child: std::process::Child,
    org: Org,
}

impl Practice {
    fn start(args: &[&str]) -> Self {
        use std::io::BufRead;
        // cargo test builds the examples beside the test binary's deps/.
        let exe = std::env::current_exe().unwrap();
        let bin = exe
            .parent()
            .unwrap()
            .parent()
            .unwrap()
            .join("examples/practice_org");
        if !bin.exists() {
            let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
            let built = std::process::Command::new(cargo)
                .args(["build", "--locked", "--example", "practice_org"])
                .current_dir(repo())
                .status()
                .unwrap();
            assert!(built.success(), "cargo build --example practice_org");
        }
        let mut child = std::process::Command::new(&bin)
            .args(args)
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("{}: {e}", bin.display()));
        let mut lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
        let mut vars = Vec::new();
        for line in lines.by_ref() {
            let line = line.unwrap();
            if line.starts_with("Requests as they come") {
                break;
            }
            if let Some((k, v)) = line
                .trim()
                .strip_prefix("export ")
                .and_then(|l| l.split_once('='))
            {
                vars.push((k.to_string(), v.trim_matches('\'').to_string()));
            }
        }
        // What it prints of each request afterwards is read and dropped.
        std::thread::spawn(move || lines.for_each(drop));
        let names: Vec<&str> = vars.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            names,
            [
                "SF_INSTANCE_URL",
                "SF_ACCESS_TOKEN",
                "SLACK_WEBHOOK_URL",
                "RECURLY_API_URL",
                "RECURLY_API_KEY",
                "OUTREACH_API_URL",
                "OUTREACH_ACCESS_TOKEN",
                "CS_TODAY"
            ],
            "the practice org prints what to export"
        );
        Self {
            child,
            org: Org { vars },
        }
    }
}

impl Drop for Practice {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The pages whose examples run: the README, then the guide's pages.
fn pages() -> Vec<std::path::PathBuf> {
    let mut docs: Vec<_> = std::fs::read_dir(repo().join("docs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    docs.sort();
    std::iter::once(repo().join("README.md"))
        .chain(docs)
        .collect()
}

/// The arguments a page starts the practice org with: those of its
/// `cargo run --example practice_org -- ARGS` line, if it has one.
fn practice_args(text: &str) -> Vec<&str> {
    text.lines()
        .find_map(|l| l.strip_prefix("cargo run --example practice_org -- "))
        .map(|args| args.split_whitespace().collect())
        .unwrap_or_default()
}

/// Runs a page's examples, in order, in one directory and against one
/// practice org of its own, as a reader follows the page: a plan made in
/// one block is submitted in the next. How many blocks it has, and the
/// examples that went wrong.
fn run_page(page: &Path) -> (usize, Vec<String>) {
    let text = std::fs::read_to_string(page).unwrap();
    let name = page.strip_prefix(repo()).unwrap().display().to_string();
    let blocks = readme_blocks(&text);
    if blocks.is_empty() {
        return (0, Vec::new());
    }
    let dir = sandbox();
    let practice = Practice::start(&practice_args(&text));
    let mut wrong = Vec::new();
    for e in blocks.iter().flatten() {
        let (out, code) = run(dir.path(), &practice.org, &e.command);
        let mut lines: Vec<&str> = out.lines().map(str::trim_end).collect();
        while lines.last() == Some(&"") {
            lines.pop();
        }
        let mut shown = e.shown.as_slice();
        while let [rest @ .., last] = shown
            && last.is_empty()
        {
            shown = rest;
        }
        if !output_matches(shown, &lines) {
            wrong.push(format!(
                "{name}:{}: $ {}\n--- the page shows\n{}\n--- it printed (exit {code:?})\n{out}",
                e.line,
                e.command,
                e.shown.join("\n")
            ));
        }
    }
    (blocks.len(), wrong)
}

#[test]
fn every_example_in_the_readme_and_the_guide_prints_what_it_shows() {
    let pages = pages();
    assert!(pages.len() >= 14, "{pages:?}");
    // The pages run side by side, each with its own directory and org.
    let results: Vec<(std::path::PathBuf, usize, Vec<String>)> = std::thread::scope(|s| {
        let handles: Vec<_> = pages
            .iter()
            .map(|p| s.spawn(move || (p.clone(), run_page(p))))
            .collect();
        handles
            .into_iter()
            .map(|h| {
                let (p, (n, wrong)) = h.join().unwrap();
                (p, n, wrong)
            })
            .collect()
    });
    let blocks = |name: &str| {
        results
            .iter()
            .find(|(p, ..)| p.ends_with(name))
            .map_or(0, |r| r.1)
    };
    assert!(
        blocks("README.md") >= 4,
        "the README's taste has an example for each user"
    );
    let total: usize = results.iter().map(|r| r.1).sum();
    assert!(total >= 25, "{total} blocks in all");
    let wrong: Vec<&str> = results
        .iter()
        .flat_map(|r| &r.2)
        .map(String::as_str)
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n\n"));
}

/// Every command path of cs: ["onboard"], ["onboard", "roster"], ...
fn command_paths() -> Vec<Vec<String>> {
    let mut paths = vec![Vec::new()];
    let mut i = 0;
    while i < paths.len() {
        let path: Vec<String> = paths[i].clone();
        let help = cs_help(&path);
        let subcommands = help
            .split("\nCommands:\n")
            .nth(1)
            .map(|rest| rest.split("\n\n").next().unwrap_or(""))
            .unwrap_or("");
        for line in subcommands.lines() {
            if line.starts_with("  ") && !line.starts_with("   ") {
                let name = line.split_whitespace().next().unwrap();
                if name != "help" {
                    let mut p = path.clone();
                    p.push(name.to_string());
                    paths.push(p);
                }
            }
        }
        i += 1;
    }
    paths
}

fn cs_help(path: &[String]) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_cs"))
        .args(path)
        .arg("--help")
        .output()
        .unwrap();
    assert!(out.status.success(), "cs {} --help", path.join(" "));
    stdout(&out)
}

/// The commands under `Examples:` in a help text, continued lines joined
/// and trailing `# comments` removed.
fn help_examples(help: &str) -> Vec<String> {
    let Some(section) = help.split("\nExamples:\n").nth(1) else {
        return Vec::new();
    };
    let mut commands: Vec<String> = Vec::new();
    let mut continued = false;
    for line in section.lines() {
        if line.trim().is_empty() {
            break;
        }
        let text = match line.find("  #") {
            Some(at) => line[..at].trim(),
            None => line.trim(),
        };
        if continued {
            commands.last_mut().unwrap().push_str(text);
        } else {
            commands.push(text.to_string());
        }
        continued = text.ends_with('\\');
        if continued {
            let last = commands.last_mut().unwrap();
            last.pop();
        }
    }
    commands
}

#[test]
fn every_command_has_help_examples_and_each_runs_as_written() {
    let mut missing = Vec::new();
    let mut failed = Vec::new();
    for path in command_paths() {
        let examples = help_examples(&cs_help(&path));
        if examples.is_empty() {
            missing.push(format!("cs {}", path.join(" ")));
        }
        // A command's examples run in turn, in one directory: a plan
        // written by one is submitted by the next.
        let dir = sandbox();
        let fake = example_org();
        let org = Org::of(&fake);
        for command in examples {
            let (out, code) = run(dir.path(), &org, &command);
            // Exit 1 is an answer (a plan that needs more, a note that is
            // not N1); 2 is a usage error, and a file that is not there
            // means the example's input is missing.
            let trouble = ["No such file", "does not exist", "not found", "cannot read"];
            if !matches!(code, Some(0) | Some(1)) || trouble.iter().any(|t| out.contains(t)) {
                failed.push(format!("$ {command}\n(exit {code:?})\n{out}"));
            }
        }
    }
    assert!(
        missing.is_empty() && failed.is_empty(),
        "no Examples in --help: {missing:?}\n\n{}",
        failed.join("\n\n")
    );
}

#[test]
fn output_patterns_read_dots_as_anything() {
    let shown = |s: &str| s.lines().map(str::to_string).collect::<Vec<_>>();
    assert!(output_matches(&shown("a\n...\nd"), &["a", "b", "c", "d"]));
    assert!(output_matches(&shown("a\n...\nd"), &["a", "d"]));
    assert!(!output_matches(&shown("a\n...\nd"), &["a", "b"]));
    assert!(output_matches(
        &shown("journal: .../submit-...jsonl"),
        &["journal: /h/submit-1.jsonl"]
    ));
    assert!(!output_matches(
        &shown("journal: .../submit-...jsonl"),
        &["journal: /h/submit-1.json"]
    ));
    assert!(!output_matches(&shown("a"), &["a", "b"]));
}
