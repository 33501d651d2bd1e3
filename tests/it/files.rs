//! Output files: the owner's alone (customer data), a batch's files in
//! place together or not at all, and a killed run's temporary files
//! cleaned by the next run.

use crate::common::*;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;

const GOOD: &str = "account_id,account_name,from_csm,to_csm,reason,health,opportunity_ids\n\
001000000000001AAA,Acme,Maria,Jordan,leave,healthy,006000000000001AAA\n\
001000000000002AAA,Beta,Maria,Jordan,vacation,healthy,\n";

fn batch(env: &TestEnv, umask: Option<u32>) -> std::process::Output {
    // The pinned environment of TestEnv::cs, on a std Command that can set
    // the child's umask.
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_cs"));
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", env.dir.path())
        .env("CS_STATE_DIR", env.state_dir())
        .env("CS_TODAY", TODAY)
        .current_dir(env.dir.path())
        .args([
            "--no-input",
            "transition",
            "batch",
            "acc.csv",
            "--out",
            "out",
        ])
        .stdin(std::process::Stdio::null());
    if let Some(m) = umask {
        // SAFETY: umask(2) only sets the child's file mode mask, between
        // fork and exec; it allocates nothing and cannot fail.
        unsafe {
            cmd.pre_exec(move || {
                libc::umask(m as libc::mode_t);
                Ok(())
            });
        }
    }
    cmd.output().unwrap()
}

fn mode(path: std::path::PathBuf) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn batch_files_are_the_owners_alone_whatever_the_umask() {
    for umask in [0o022, 0o077, 0o002] {
        let env = TestEnv::new();
        env.write("acc.csv", GOOD);
        let out = batch(&env, Some(umask));
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        for f in [
            "cs-ops.csv",
            "owner-updates.csv",
            "opportunity-updates.csv",
            "errors.csv",
        ] {
            assert_eq!(
                mode(env.path("out").join(f)),
                0o600,
                "{f} with umask {umask:o}"
            );
        }
    }
}

#[test]
fn a_failure_after_the_first_file_leaves_the_previous_files_as_they_were() {
    let env = TestEnv::new();
    env.write("acc.csv", GOOD);
    assert_eq!(batch(&env, None).status.code(), Some(1));
    let read = |f: &str| std::fs::read_to_string(env.path("out").join(f)).unwrap();
    let before: Vec<String> = ["cs-ops.csv", "opportunity-updates.csv", "errors.csv"]
        .iter()
        .map(|f| read(f))
        .collect();
    // The second file cannot be replaced: a directory holds its name.
    std::fs::remove_file(env.path("out/owner-updates.csv")).unwrap();
    std::fs::create_dir(env.path("out/owner-updates.csv")).unwrap();
    std::fs::write(env.path("out/owner-updates.csv/keep"), "x").unwrap();
    env.write("acc.csv", &GOOD.replace("Acme", "Acme Renamed"));
    let out = batch(&env, None);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("owner-updates.csv")
            && err.contains("no file was changed: the ones written with it were taken back"),
        "{err}"
    );
    let after: Vec<String> = ["cs-ops.csv", "opportunity-updates.csv", "errors.csv"]
        .iter()
        .map(|f| read(f))
        .collect();
    assert_eq!(before, after, "the earlier run's files are intact");
    assert!(!read("cs-ops.csv").contains("Renamed"));
    let left: Vec<String> = std::fs::read_dir(env.path("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".cs-"))
        .collect();
    assert!(left.is_empty(), "no temporary file is left: {left:?}");
}

#[test]
fn a_killed_runs_temporary_files_are_removed_by_the_next_run() {
    let env = TestEnv::new();
    env.write("acc.csv", GOOD);
    std::fs::create_dir(env.path("out")).unwrap();
    let stale = env.path("out/.cs-AbC123.tmp");
    let live = env.path("out/.cs-XyZ789.tmp");
    std::fs::write(&stale, "half a file").unwrap();
    std::fs::write(&live, "another run, writing now").unwrap();
    let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    std::fs::File::options()
        .write(true)
        .open(&stale)
        .unwrap()
        .set_modified(hour_ago)
        .unwrap();
    assert_eq!(batch(&env, None).status.code(), Some(1));
    assert!(!stale.exists(), "the killed run's file is gone");
    assert!(live.exists(), "a file another run may be writing stays");
}
