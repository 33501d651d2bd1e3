//! Files people and spreadsheets produce, at their worst: every row gets a
//! clear error and exit 1 (or, for valid oddities like a BOM or CRLF, a
//! normal run), never a panic or a hang.

use crate::common::*;
use std::time::Duration;

/// A bomb of YAML aliases: 10 levels of 10 references.
fn alias_bomb() -> String {
    let mut s = String::from("a: &a [x,x,x,x,x,x,x,x,x,x]\n");
    let mut prev = 'a';
    for n in "bcdefghij".chars() {
        s.push_str(&format!(
            "{n}: &{n} [{}]\n",
            vec![format!("*{prev}"); 10].join(",")
        ));
        prev = n;
    }
    s
}

fn deep() -> String {
    format!("id: {}{}\n", "[".repeat(10_000), "]".repeat(10_000))
}

const PLAYBOOK: &str = "id: t\ntitle: T\nsource: MT-CS-005\nowner: TL\n";
const ROSTER_ROW: &str = "Username/Email,First Name,Last Name,Position,Location,Department,Account Level,Send registration email\n";

enum Expect {
    /// Exit 1 with this on stderr.
    Fails(&'static str),
    /// A normal run.
    Works,
}

struct Case {
    name: &'static str,
    file: &'static str,
    content: Vec<u8>,
    args: &'static [&'static str],
    expect: Expect,
}

fn cases() -> Vec<Case> {
    use Expect::*;
    let long_line = format!("{PLAYBOOK}description: {}\n", "x".repeat(100 * 1024 * 1024));
    vec![
        Case { name: "non-UTF-8 playbook", file: "t.yaml", content: b"id: t\ntitle: caf\xe9\n".to_vec(), args: &["playbook", "lint", "t.yaml"], expect: Fails("t.yaml:2: the file is not UTF-8 text") },
        Case { name: "non-UTF-8 answers", file: "a.yaml", content: b"account_name: \xff\n".to_vec(), args: &["escalate", "--answers", "a.yaml"], expect: Fails("a.yaml:1: the file is not UTF-8 text") },
        Case { name: "non-UTF-8 notes", file: "n.txt", content: b"04/20/23_MM:\xff\n".to_vec(), args: &["note", "check", "--format", "json"], expect: Fails("<stdin>:1: the line is not UTF-8 text") },
        Case { name: "non-UTF-8 batch cell", file: "b.csv", content: b"account_id,account_name,from_csm,to_csm,reason,health\n001,Caf\xe9,A,B,leave,healthy\n".to_vec(), args: &["transition", "batch", "b.csv", "--out", "out"], expect: Fails("1 rejected") },
        Case { name: "empty playbook", file: "t.yaml", content: b"".to_vec(), args: &["playbook", "lint", "t.yaml"], expect: Fails("t.yaml:1:1: error: the playbook is empty") },
        Case { name: "empty answers", file: "a.yaml", content: b"".to_vec(), args: &["escalate", "--answers", "a.yaml"], expect: Fails("a.yaml: the answers file is empty") },
        Case { name: "empty batch", file: "b.csv", content: b"".to_vec(), args: &["transition", "batch", "b.csv", "--out", "out"], expect: Fails("b.csv: the file is empty; it needs a header row") },
        Case { name: "empty roster", file: "r.csv", content: b"".to_vec(), args: &["onboard", "roster", "r.csv", "--out", "clean.csv"], expect: Fails("r.csv: the roster is empty") },
        Case { name: "100 MB single-line playbook", file: "t.yaml", content: long_line.into_bytes(), args: &["playbook", "lint", "t.yaml"], expect: Fails("t.yaml:5:14: error: the document is too large") },
        Case { name: "100 MB single-line note", file: "n.txt", content: vec![b'x'; 100 * 1024 * 1024], args: &["note", "check"], expect: Fails("1 of 1 notes is not in the MM/DD/YY_Initials:Action form") },
        Case { name: "100 MB single-line batch row", file: "b.csv", content: format!("account_id,account_name,from_csm,to_csm,reason,health\n001,{},A,B,leave,healthy\n", "x".repeat(100 * 1024 * 1024)).into_bytes(), args: &["transition", "batch", "b.csv", "--out", "out"], expect: Fails("1 rejected") },
        Case { name: "alias bomb playbook", file: "t.yaml", content: format!("{PLAYBOOK}data:\n  {}", alias_bomb().replace('\n', "\n  ")).into_bytes(), args: &["playbook", "lint", "t.yaml"], expect: Fails("the document is too large or expands too far through YAML aliases") },
        Case { name: "alias bomb answers", file: "a.yaml", content: alias_bomb().into_bytes(), args: &["escalate", "--answers", "a.yaml"], expect: Fails("the document is too large or expands too far through YAML aliases") },
        Case { name: "10,000-deep playbook", file: "t.yaml", content: deep().into_bytes(), args: &["playbook", "lint", "t.yaml"], expect: Fails("t.yaml:1:5: error:") },
        Case { name: "10,000-deep answers", file: "a.yaml", content: format!("account_name: {}{}\n", "[".repeat(10_000), "]".repeat(10_000)).into_bytes(), args: &["escalate", "--answers", "a.yaml"], expect: Fails("the document nests too deeply") },
        Case { name: "duplicate keys in a playbook", file: "t.yaml", content: format!("{PLAYBOOK}title: again\n").into_bytes(), args: &["playbook", "lint", "t.yaml"], expect: Fails("t.yaml:5:1: error: duplicate mapping key: title") },
        Case { name: "duplicate keys in answers", file: "a.yaml", content: b"account_name: A\naccount_name: B\n".to_vec(), args: &["escalate", "--answers", "a.yaml"], expect: Fails("a.yaml:2:1: duplicate mapping key: account_name") },
        Case { name: "ragged CSV rows", file: "b.csv", content: b"account_id,account_name,from_csm,to_csm,reason,health\n001,A,B\n002,A,B,C,leave,healthy,extra\n".to_vec(), args: &["transition", "batch", "b.csv", "--out", "out"], expect: Fails("2 rows read: 0 automated, 0 manual, 2 rejected") },
        Case { name: "ragged roster", file: "r.csv", content: format!("{ROSTER_ROW}a@b.org,A\n").into_bytes(), args: &["onboard", "roster", "r.csv", "--out", "clean.csv"], expect: Fails("r.csv:2: the row has 2 fields where the header has 8") },
        Case { name: "UTF-8 BOM playbook", file: "t.yaml", content: format!("\u{feff}{PLAYBOOK}").into_bytes(), args: &["playbook", "lint", "t.yaml"], expect: Works },
        Case { name: "UTF-8 BOM answers", file: "a.yaml", content: "\u{feff}id: x\n".as_bytes().to_vec(), args: &["escalate", "--answers", "a.yaml"], expect: Fails("id: not a field of the escalation playbook") },
        Case { name: "UTF-8 BOM batch", file: "b.csv", content: "\u{feff}account_id,account_name,from_csm,to_csm,reason,health\n00100000000000A,A,B,005000000000002AAA,leave,healthy\n".as_bytes().to_vec(), args: &["transition", "batch", "b.csv", "--out", "out"], expect: Works },
        Case { name: "CRLF playbook", file: "t.yaml", content: PLAYBOOK.replace('\n', "\r\n").into_bytes(), args: &["playbook", "lint", "t.yaml"], expect: Works },
        Case { name: "CRLF batch", file: "b.csv", content: b"account_id,account_name,from_csm,to_csm,reason,health\r\n00100000000000A,A,B,005000000000002AAA,leave,healthy\r\n".to_vec(), args: &["transition", "batch", "b.csv", "--out", "out"], expect: Works },
        Case { name: "CRLF notes", file: "n.txt", content: b"04/20/23_MM:one\r\n04/20/23_MM:two\r\n".to_vec(), args: &["note", "check"], expect: Works },
        Case { name: "a directory as a playbook", file: "", content: vec![], args: &["--playbooks", "dir", "escalate"], expect: Fails("dir/escalation.yaml is a directory; a file was expected") },
        Case { name: "a directory as answers", file: "", content: vec![], args: &["escalate", "--answers", "dir"], expect: Fails("dir is a directory; a file was expected") },
        Case { name: "a directory as a batch", file: "", content: vec![], args: &["transition", "batch", "dir", "--out", "out"], expect: Fails("dir is a directory; a CSV file was expected") },
        Case { name: "an unreadable playbook", file: "", content: vec![], args: &["playbook", "lint", "/proc/self/mem"], expect: Fails("cannot read /proc/self/mem:") },
        Case { name: "an unreadable answers file", file: "", content: vec![], args: &["escalate", "--answers", "/proc/self/mem"], expect: Fails("cannot read /proc/self/mem:") },
    ]
}

#[test]
fn hostile_inputs_get_clear_errors_never_a_panic_or_a_hang() {
    for case in cases() {
        let env = TestEnv::new();
        std::fs::create_dir_all(env.path("dir/escalation.yaml")).unwrap();
        let mut cmd = env.cs();
        cmd.args(case.args).timeout(Duration::from_secs(60));
        if !case.file.is_empty() {
            std::fs::write(env.path(case.file), &case.content).unwrap();
            if case.file.ends_with(".txt") {
                cmd.pipe_stdin(env.path(case.file)).unwrap();
            }
        }
        let out = cmd.output().unwrap();
        // Lint findings go to stdout, other errors to stderr.
        let err = format!("{}{}", stdout(&out), stderr(&out));
        assert!(!err.contains("panicked"), "{}: panicked: {err}", case.name);
        assert!(
            out.status.code().is_some(),
            "{}: killed (timeout?)",
            case.name
        );
        match case.expect {
            Expect::Fails(msg) => {
                assert_eq!(out.status.code(), Some(1), "{}: {err}", case.name);
                assert!(
                    err.contains(msg),
                    "{}: expected {msg:?} in\n{}",
                    case.name,
                    &err[..err.len().min(2000)]
                );
            }
            Expect::Works => assert_eq!(
                out.status.code(),
                Some(0),
                "{}: {}",
                case.name,
                &err[..err.len().min(2000)]
            ),
        }
    }
}

/// A reader that has gone (`cs ... | head`) ends cs quietly with exit 0; a
/// stdout that cannot be written (a full disk) is an error that says so.
#[test]
fn a_closed_stdout_ends_quietly_and_a_full_one_is_an_error() {
    use std::os::fd::FromRawFd;
    let mut fds = [0; 2];
    // SAFETY: pipe(2) fills two new descriptors; the read end is closed at
    // once and the write end is owned by the Stdio below.
    let write_end = unsafe {
        assert_eq!(libc::pipe(fds.as_mut_ptr()), 0);
        libc::close(fds[0]);
        std::process::Stdio::from_raw_fd(fds[1])
    };
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_cs"))
        .args(["churn-code", "list", "--format", "csv"])
        .stdout(write_end)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stderr(&out), "");

    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_cs"))
        .args(["churn-code", "list", "--format", "csv"])
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "error: cannot write to stdout: No space left on device.\n"
    );
}

/// Terminal sequences people paste or files carry: ESC sequences (colors,
/// clearing the screen), OSC 8 hidden links, OSC 52 clipboard writes, a
/// bare CR that rewrites the line, C1 controls.
const TERMINAL_TRICKS: &[(&str, &str)] = &[
    ("Acme\u{1b}[2J", "ESC (U+001B)"),
    (
        "\u{1b}]8;;http://evil.test\u{7}Acme\u{1b}]8;;\u{7}",
        "ESC (U+001B)",
    ),
    ("Acme\u{1b}]52;c;ZXZpbA==\u{7}", "ESC (U+001B)"),
    ("Acme\rOK", "CR (U+000D)"),
    ("Acme\u{9d}52;c;ZXZpbA==\u{9c}", "OSC (U+009D)"),
    ("Acme\u{8}\u{8}\u{8}\u{8}Evil", "BS (U+0008)"),
];

/// No byte of a terminal sequence from input reaches the terminal: ESC,
/// BEL, CR, C1 (as UTF-8).
fn assert_inert(what: &str, text: &str) {
    for bad in ['\u{1b}', '\u{7}', '\r', '\u{9d}', '\u{9c}', '\u{0}'] {
        assert!(
            !text.contains(bad),
            "{what}: {bad:?} reached the terminal:\n{text:?}"
        );
    }
}

#[test]
fn control_characters_are_refused_in_answers_naming_the_field_and_character() {
    let env = TestEnv::new();
    for (value, name) in TERMINAL_TRICKS {
        let out = env
            .cs()
            .args(["escalate", "--answers"])
            .arg(repo().join("examples/escalation.yaml"))
            .arg("--set")
            .arg(format!("account_name={value}"))
            .args(["--format", "json"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{value:?}");
        let err = stderr(&out);
        assert!(
            err.contains(&format!(
                "account_name: the answer holds the control character {name}"
            )),
            "{value:?}: {err}"
        );
        assert_inert("stderr", &err);
        assert_eq!(stdout(&out), "", "no plan is written");
    }
    // Free text may run over lines.
    let out = env
        .cs()
        .args(["transition", "--format", "json"])
        .args([
            "--set",
            "account_id=001000000000001AAA",
            "--set",
            "account_name=Acme",
        ])
        .args([
            "--set",
            "from_csm=Maria",
            "--set",
            "to_csm=Jordan",
            "--set",
            "reason=leave",
        ])
        .args([
            "--set",
            "recent_notes=Asked for a quote.\r\nWants training.\tSoon.",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn control_characters_in_a_batch_cell_reject_the_row_and_never_reach_the_terminal() {
    let env = TestEnv::new();
    env.write(
        "acc.csv",
        "account_id,account_name,from_csm,to_csm,reason,health\n\
00100000000000A,\"Acme\u{1b}]52;c;ZXZpbA==\u{7}\",Maria,005000000000002AAA,leave,healthy\n\
00100000000000B,Beta,Maria,005000000000002AAA,leave,healthy\n",
    );
    let out = env
        .cs()
        .args(["transition", "batch", "acc.csv", "--out", "out"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_inert("stderr", &stderr(&out));
    let errors = std::fs::read_to_string(env.path("out/errors.csv")).unwrap();
    assert!(
        errors.contains(
            "2,account_name,\"the answer holds the control character ESC (U+001B) at character 5;"
        ),
        "{errors}"
    );
    // The row as read, its controls escaped: `cat errors.csv` is safe too.
    assert_inert("errors.csv", &errors);
    assert!(
        errors.contains("Acme\\u{1b}]52;c;ZXZpbA==\\u{7}"),
        "{errors}"
    );
    let ops = std::fs::read_to_string(env.path("out/cs-ops.csv")).unwrap();
    assert_inert("cs-ops.csv", &ops);
    assert!(ops.contains("00100000000000B,Beta"), "{ops}");
}

#[test]
fn what_cs_echoes_from_input_is_escaped_on_the_terminal() {
    let env = TestEnv::new();
    // An unknown answer key, a file name and a bad value are all echoed.
    let out = env
        .cs()
        .args(["escalate", "--answers"])
        .arg(repo().join("examples/escalation.yaml"))
        .args(["--set", "acc\u{1b}[2Jount=1", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert_inert("stderr", &err);
    assert!(err.contains("acc\\u{1b}[2Jount"), "{err}");
    let out = env
        .cs()
        .args([
            "transition",
            "batch",
            "no\u{1b}]52;c;eA==\u{7}such.csv",
            "--out",
            "out",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_inert("stderr", &stderr(&out));
}

/// A 150 MB row (a quoted cell holding a pasted log of 22 million lines):
/// a row error at its line with a short quote, the rows around it read as
/// usual at their own lines, and memory that stays flat.
#[test]
fn a_150_mb_line_is_a_row_error_in_flat_memory() {
    let env = TestEnv::new();
    let mut csv = String::from("account_id,account_name,from_csm,to_csm,reason,health\r\n");
    csv.push_str("001000000000001AAA,Acme,Maria,005000000000002AAA,leave,healthy\r\n");
    csv.push_str("001000000000002AAA,\"Big");
    csv.push_str(&"x\"\"y,\n".repeat(150 * 1024 * 1024 / 7));
    csv.push_str("\",Maria,005000000000002AAA,leave,healthy\r\n");
    csv.push_str("001000000000003AAA,Gamma,Maria,005000000000002AAA,vacation,healthy\r\n");
    let big_lines = csv.matches('\n').count() - 4;
    env.write("big.csv", &csv);
    drop(csv);
    let mut child = env
        .std_cs()
        .args(["transition", "batch", "big.csv", "--out", "out"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // The child's own high-water mark of memory (VmHWM, which only grows),
    // read until it ends.
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak_kib = 0u64;
    let status = loop {
        if let Ok(text) = std::fs::read_to_string(&status_file)
            && let Some(kib) = text
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        {
            peak_kib = peak_kib.max(kib);
        }
        if let Some(st) = child.try_wait().unwrap() {
            break st;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(1), "a rejected row: exit 1");
    assert!(peak_kib > 0, "the memory was read");
    assert!(peak_kib < 64 * 1024, "peak memory {} MiB", peak_kib / 1024);
    let errors = std::fs::read_to_string(env.path("out/errors.csv")).unwrap();
    let lines: Vec<&str> = errors.lines().collect();
    assert_eq!(lines.len(), 3, "{}", &errors[..errors.len().min(500)]);
    assert!(
        lines[1].starts_with("3,,\"the row is ") && lines[1].contains("bytes; a row may hold 1048576 (1 MiB), so it was not read (it starts: \"\"001000000000002AAA"),
        "{}",
        lines[1]
    );
    assert!(
        errors.len() < 1000,
        "the row is quoted, not copied: {} bytes",
        errors.len()
    );
    // The next row is on its own line, after the big row's quoted line ends.
    assert!(
        lines[2].starts_with(&format!("{},reason,", 4 + big_lines)),
        "{}",
        lines[2]
    );
    let ops = std::fs::read_to_string(env.path("out/cs-ops.csv")).unwrap();
    assert!(ops.contains("001000000000001AAA,Acme"), "{ops}");
}

/// One-line answers (#30): a line break, U+2028 or U+2029 in an account's
/// name would split the case subject, the Slack header and the calendar's
/// name (ical parsers fail on a raw CR LF in X-WR-CALNAME; node-ical drops
/// text after U+2028). Refused at --set, in an answers file and in a batch
/// cell, naming the field; text that may run over lines takes line ends
/// but not the invisible separators.
#[test]
fn one_line_answers_refuse_line_breaks_and_unicode_line_separators() {
    let env = TestEnv::new();
    let breaks = [
        ("Acme\nClinic", "a line break (LF (U+000A))"),
        ("Acme\r\nClinic", "a line break (CR (U+000D))"),
        ("Acme\u{2028}Clinic", "LINE SEPARATOR (U+2028)"),
        ("Acme\u{2029}Clinic", "PARAGRAPH SEPARATOR (U+2029)"),
    ];
    for (value, what) in breaks {
        let out = env
            .cs()
            .args(["escalate", "cadence", "--format", "ics", "--set"])
            .arg(format!("account_name={value}"))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{value:?}");
        let err = stderr(&out);
        assert!(
            err.contains(&format!(
                "account_name: the answer holds {what} at character 5"
            )),
            "{value:?}: {err}"
        );
        assert_eq!(stdout(&out), "", "no calendar is written");
        // The same from an answers file.
        let file = env.write(
            "a.json",
            &serde_json::json!({ "account_name": value }).to_string(),
        );
        let out = env
            .cs()
            .args(["escalate", "cadence", "--format", "ics", "--answers"])
            .arg(&file)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{value:?}");
        assert!(stderr(&out).contains(what), "{value:?}: {}", stderr(&out));
    }
    // A batch cell: the row is rejected at its line, the others go on.
    let out = env.transition_batch(
        "account_id,account_name,from_csm,to_csm,reason,health\n\
         001000000000001AAA,\"Acme\nClinic\",Maria,005000000000002AAA,leave,healthy\n\
         001000000000002AAA,Bayside\u{2028}Dental,Maria,005000000000002AAA,leave,healthy\n\
         001000000000003AAA,Cedar,Maria,005000000000002AAA,leave,healthy\n",
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let errors = std::fs::read_to_string(env.path("out/errors.csv")).unwrap();
    assert!(
        errors.contains("2,account_name,\"the answer holds a line break (LF (U+000A))")
            && errors.contains("4,account_name,\"the answer holds LINE SEPARATOR (U+2028)"),
        "{errors}"
    );
    let owners = std::fs::read_to_string(env.path("out/owner-updates.csv")).unwrap();
    assert_eq!(owners.lines().count(), 2, "{owners}");
    // Notes may run over lines, but not over invisible separators.
    let transition = |notes: &str| {
        env.cs()
            .args(["transition", "--format", "json"])
            .args([
                "--set",
                "account_id=001000000000001AAA",
                "--set",
                "account_name=Acme",
            ])
            .args(["--set", "from_csm=Maria", "--set", "to_csm=Jordan"])
            .args(["--set", "reason=leave", "--set"])
            .arg(format!("recent_notes={notes}"))
            .output()
            .unwrap()
    };
    let out = transition("Asked for a quote.\nWants training.");
    assert!(out.status.success(), "{}", stderr(&out));
    let out = transition("Asked for a quote.\u{2028}Wants training.");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out)
            .contains("recent_notes: the answer holds LINE SEPARATOR (U+2028) at character 19"),
        "{}",
        stderr(&out)
    );
}

/// Characters that change what people see without being seen (#30, an
/// outside try): a right-to-left override anywhere, a zero-width space in
/// a one-line answer.
#[test]
fn invisible_reordering_and_zero_width_characters_are_refused() {
    let env = TestEnv::new();
    for (value, what) in [
        ("Acme\u{202e}Clinic", "a bidirectional control (U+202E)"),
        ("Acme\u{2066}Clinic", "a bidirectional control (U+2066)"),
        ("Acme\u{200b}Clinic", "an invisible character (U+200B)"),
    ] {
        let file = env.write(
            "a.json",
            &serde_json::json!({ "account_name": value }).to_string(),
        );
        let out = env
            .cs()
            .args(["escalate", "cadence", "--answers"])
            .arg(&file)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{value:?}");
        assert!(
            stderr(&out).contains(&format!(
                "account_name: the answer holds {what} at character 5"
            )),
            "{value:?}: {}",
            stderr(&out)
        );
    }
}

/// An empty CS_CSV_BOM is unset, as an empty variable is to people.
#[test]
fn an_empty_bom_variable_is_unset() {
    let env = TestEnv::new();
    let out = env
        .cs()
        .env("CS_CSV_BOM", "")
        .args(["churn-code", "list", "--format", "csv"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!out.stdout.starts_with(b"\xef\xbb\xbf"));
}

/// The calendar's name is a TEXT value (RFC 5545 3.3.11): its commas,
/// semicolons and backslashes are escaped like the events' texts, a line
/// break from a plan edited by hand does not end the property, and a
/// second parser reads it whole.
#[test]
fn the_calendar_name_is_escaped_and_read_whole_by_a_second_parser() {
    let env = TestEnv::new();
    let out = env
        .cs()
        .args(["escalate", "cadence", "--format", "ics", "--set"])
        .arg("account_name=Acme, Inc.; Clinic \\ East")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let mut parser = ical::IcalParser::new(std::io::BufReader::new(out.stdout.as_slice()));
    let cal = parser.next().expect("one calendar").expect("parses");
    let name = cal
        .properties
        .iter()
        .find(|p| p.name == "X-WR-CALNAME")
        .and_then(|p| p.value.clone())
        .unwrap_or_default();
    assert!(
        name.contains("Acme\\, Inc.\\; Clinic \\\\ East"),
        "X-WR-CALNAME:{name}"
    );
}
