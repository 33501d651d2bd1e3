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
