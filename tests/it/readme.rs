//! The README's set-up commands stay true.

use crate::common::*;

/// The `cargo run ... -- ARGS` line of the README's set-up section.
fn setup_job_args() -> Vec<String> {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let line = readme
        .lines()
        .find(|l| l.starts_with("cargo run"))
        .expect("the README has a cargo run set-up command");
    let (_, args) = line.split_once(" -- ").expect("cargo run ... -- ARGS");
    args.split_whitespace().map(str::to_string).collect()
}

#[test]
fn the_setup_job_runs_on_the_built_in_playbooks() {
    let env = TestEnv::new();
    let out = env
        .cs()
        .current_dir(repo())
        .args(setup_job_args())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with("escalation plan (cs escalate)"), "{text}");
    assert!(
        text.contains("Cancelation Request - Acme Family Clinic"),
        "{text}"
    );
}

#[test]
fn the_readme_names_cargo_test_and_ci_runs_it() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    assert!(readme.contains("```sh\ncargo test\n```"));
    let ci = std::fs::read_to_string(repo().join(".ci/run")).unwrap();
    assert!(ci.contains("cargo test"));
    assert!(ci.contains("cargo fmt --all -- --check"));
    assert!(ci.contains("cargo clippy --locked --all-targets -- -D warnings"));
}

/// The README stays a five-minute read; the rest is the guide in docs/.
#[test]
fn the_readme_is_at_most_250_lines() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let lines = readme.lines().count();
    assert!(
        lines <= 250,
        "README.md is {lines} lines; move detail to docs/"
    );
}

/// Every relative link of the README and the guide names a file that is
/// there, and a `#anchor` a heading of it (as GitHub makes anchors).
#[test]
fn every_link_in_the_readme_and_the_guide_resolves() {
    let link = regex::Regex::new(r"\]\(([^)#\s]+)(#[^)\s]*)?\)").unwrap();
    let heading = regex::Regex::new(r"(?m)^#+ (.*)$").unwrap();
    let anchor_of = |h: &str| -> String {
        h.to_lowercase()
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == ' ' || *c == '-' || *c == '_')
            .map(|c| if c == ' ' { '-' } else { c })
            .collect()
    };
    let mut pages = vec![repo().join("README.md"), repo().join("bench/README.md")];
    for e in std::fs::read_dir(repo().join("docs")).unwrap() {
        pages.push(e.unwrap().path());
    }
    let mut broken = Vec::new();
    for page in &pages {
        let text = std::fs::read_to_string(page).unwrap();
        for c in link.captures_iter(&text) {
            let target = &c[1];
            if target.starts_with("http") {
                continue;
            }
            let path = page.parent().unwrap().join(target);
            let Ok(linked) = std::fs::read_to_string(&path) else {
                if !path.is_dir() {
                    broken.push(format!("{}: {target}", page.display()));
                }
                continue;
            };
            if let Some(anchor) = c.get(2) {
                let anchors: Vec<String> = heading
                    .captures_iter(&linked)
                    .map(|h| anchor_of(&h[1]))
                    .collect();
                if !anchors.iter().any(|a| *a == anchor.as_str()[1..]) {
                    broken.push(format!("{}: {target}{}", page.display(), anchor.as_str()));
                }
            }
        }
    }
    assert!(broken.is_empty(), "links to nothing: {broken:?}");
}
