//! The floor `cs playbook lint DIR` is measured against: reading every
//! .yaml file of DIR and parsing it with the same YAML crate (serde-saphyr)
//! into a generic value. Usage: parse_playbooks DIR
#![allow(clippy::print_stderr)]
fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: parse_playbooks DIR");
        std::process::exit(2);
    };
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("a directory")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    let mut failed = 0;
    for f in &files {
        let text = std::fs::read_to_string(f).expect("readable");
        if serde_saphyr::from_str::<serde_json::Value>(&text).is_err() {
            failed += 1;
        }
    }
    if failed > 0 {
        eprintln!("{failed} files did not parse");
        std::process::exit(1);
    }
}
