//! Compiles the built-in playbooks once, at build time, from YAML into
//! JSON that keeps each `Spanned` value's line and column: reading JSON
//! at every run costs a fraction of reading YAML (the YAML parser was a
//! third of making a plan). The playbook format's types are the crate's own
//! (`src/playbook/model.rs`, included here), with a `Spanned` that reads
//! YAML as the crate does and writes the compact form the crate's
//! `Spanned` reads back (src/playbook/span.rs). The calendar, which holds no spans, is its YAML
//! as JSON. A file that does not parse gets an empty one: the crate then
//! reads its YAML and reports the error at its line.
//!
//! A playbook's further forms are written apart, a line each, to be read
//! only when a command asks for one (src/playbook/forms.rs). Each
//! playbook's SHA-256 is written beside it, so that a plan does not hash
//! the text at every run.
//!
//! It also hands the linker link-order.txt, where the linker is one that
//! reads it (see [`link_order`]).

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The built-in playbooks (as `src/playbook/mod.rs` embeds them).
const PLAYBOOKS: &[&str] = &[
    "onboarding",
    "escalation",
    "transition",
    "offboarding",
    "churn-codes",
];

/// The key of the compact form (`span::COMPACT` in the crate).
const COMPACT: &str = "$s";

/// What `model.rs` reads as `super::span`.
mod span {
    pub use super::Spanned;
    pub use serde_saphyr::Location;
}

use serde_saphyr::Location;

/// A value and where it was in the YAML file.
#[derive(Debug, Clone)]
pub struct Spanned<T> {
    pub value: T,
    pub referenced: Location,
    pub defined: Location,
}

impl<T> Spanned<T> {
    pub const fn new(value: T, referenced: Location, defined: Location) -> Self {
        Self {
            value,
            referenced,
            defined,
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Spanned<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = serde_saphyr::Spanned::<T>::deserialize(d)?;
        Ok(Self::new(s.value, s.referenced, s.defined))
    }
}

/// `{"$s": [value, line, column, line, column]}`: where the value is used,
/// then where it is defined; `{"$s": [value, line, column]}` where the two
/// are the same place (any value not read through an alias).
impl<T: Serialize> Serialize for Spanned<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let (r, d) = (self.referenced, self.defined);
        let mut m = s.serialize_map(Some(1))?;
        if (r.line(), r.column()) == (d.line(), d.column()) {
            m.serialize_entry(COMPACT, &(&self.value, r.line(), r.column()))?;
        } else {
            m.serialize_entry(
                COMPACT,
                &(&self.value, r.line(), r.column(), d.line(), d.column()),
            )?;
        }
        m.end()
    }
}

#[allow(dead_code)]
#[path = "src/playbook/model.rs"]
mod model;

#[allow(dead_code)]
#[path = "src/playbook/forms.rs"]
mod forms;

#[allow(dead_code)]
#[path = "src/playbook/duty.rs"]
mod duty;

/// A release build of `cs` for x86-64 Linux, linked by the toolchain's own
/// lld as it is by default, places the functions that link-order.txt names
/// (those a plan, a lint or `--version` runs through, as
/// bench/link_order.py found them) first in the binary's code: a run then
/// reads its code from fewer pages, each a page fault at start (a third
/// fewer for a plan). A name the build does not have is passed over. Any
/// other target, or a linker of the user's own choosing, links as usual.
fn link_order() {
    println!("cargo:rerun-if-changed=link-order.txt");
    println!("cargo:rerun-if-env-changed=RUSTC_LINKER");
    let var = |k: &str| std::env::var(k).unwrap_or_default();
    let own_linker = std::env::var_os("RUSTC_LINKER").is_some()
        || var("CARGO_ENCODED_RUSTFLAGS").contains("link");
    if var("TARGET") == "x86_64-unknown-linux-gnu" && var("PROFILE") == "release" && !own_linker {
        let file = std::path::Path::new(&var("CARGO_MANIFEST_DIR")).join("link-order.txt");
        if file.is_file() {
            println!(
                "cargo:rustc-link-arg-bin=cs=-Wl,--symbol-ordering-file={}",
                file.display()
            );
            println!("cargo:rustc-link-arg-bin=cs=-Wl,--no-warn-symbol-ordering");
        }
    }
}

fn main() {
    link_order();
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src/playbook/model.rs");
    println!("cargo:rerun-if-changed=src/playbook/duty.rs");
    println!("cargo:rerun-if-changed=src/playbook/forms.rs");
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"));
    // The calendar holds no spans: its YAML as JSON.
    println!("cargo:rerun-if-changed=playbooks/calendar.yaml");
    let yaml = std::fs::read_to_string("playbooks/calendar.yaml")
        .unwrap_or_else(|e| panic!("playbooks/calendar.yaml: {e}"));
    let json = serde_saphyr::from_str::<serde_json::Value>(&yaml)
        .ok()
        .and_then(|v| serde_json::to_string(&v).ok())
        .unwrap_or_default();
    std::fs::write(out.join("calendar.json"), json)
        .unwrap_or_else(|e| panic!("{}: {e}", out.display()));
    for id in PLAYBOOKS {
        let path = format!("playbooks/{id}.yaml");
        println!("cargo:rerun-if-changed={path}");
        let yaml = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        // The playbook without its forms, and the forms a line each:
        // `name<TAB>JSON` (compact JSON holds no line break), which the
        // crate reads one at a time, when a command asks for the form.
        let (json, forms) = match serde_saphyr::from_str::<model::Playbook>(&yaml) {
            Ok(mut p) => {
                let forms: String = std::mem::take(&mut p.forms)
                    .iter()
                    .map(|(name, form)| {
                        assert!(!name.contains(['\t', '\n']), "{path}: form name {name:?}");
                        let json = serde_json::to_string(form).expect("a form as JSON");
                        format!("{name}\t{json}\n")
                    })
                    .collect();
                (serde_json::to_string(&p).unwrap_or_default(), forms)
            }
            Err(_) => (String::new(), String::new()),
        };
        std::fs::write(out.join(format!("{id}.json")), json)
            .unwrap_or_else(|e| panic!("{}: {e}", out.display()));
        std::fs::write(out.join(format!("{id}.forms")), forms)
            .unwrap_or_else(|e| panic!("{}: {e}", out.display()));
        // The text's SHA-256, which every plan made with it records.
        let digest = <sha2::Sha256 as sha2::Digest>::digest(yaml.as_bytes());
        let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        std::fs::write(out.join(format!("{id}.sha256")), hex)
            .unwrap_or_else(|e| panic!("{}: {e}", out.display()));
    }
}
