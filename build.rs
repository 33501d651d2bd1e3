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
//! It also tells the linker how to lay out a release build for x86-64
//! Linux: link-order.txt's functions first ([`link_order`]), and no
//! position independence ([`position_dependent`]).

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

#[path = "src/digest.rs"]
mod digest;

/// Whether this is the build the linker settings below were measured on:
/// a release build for x86-64 Linux (glibc), linked the toolchain's default
/// way (its C compiler driver and lld). Any other target, or a linker or
/// link arguments of the user's own choosing (`RUSTC_LINKER`, any `-C
/// link-...` in `RUSTFLAGS`), links as rustc does by default.
fn measured_linking() -> bool {
    println!("cargo:rerun-if-env-changed=RUSTC_LINKER");
    let var = |k: &str| std::env::var(k).unwrap_or_default();
    let own_linker = std::env::var_os("RUSTC_LINKER").is_some()
        || var("CARGO_ENCODED_RUSTFLAGS").contains("link");
    var("TARGET") == "x86_64-unknown-linux-gnu" && var("PROFILE") == "release" && !own_linker
}

/// `cs` places the functions that link-order.txt names (those a plan, a
/// lint or `--version` runs through, as bench/link_order.py found them)
/// first in the binary's code: a run then reads its code from fewer pages,
/// each a page fault at start (a third fewer for a plan). A name the build
/// does not have is passed over.
fn link_order() {
    println!("cargo:rerun-if-changed=link-order.txt");
    let file = std::path::Path::new(&std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default())
        .join("link-order.txt");
    if file.is_file() {
        println!(
            "cargo:rustc-link-arg-bin=cs=-Wl,--symbol-ordering-file={}",
            file.display()
        );
        println!("cargo:rustc-link-arg-bin=cs=-Wl,--no-warn-symbol-ordering");
    }
}

/// The package's programs (`cs`, and the benchmarks' floors and
/// hello-world, so that they are built alike) are linked position-dependent
/// (`-no-pie`), as Go links its programs for Linux by default, unless
/// `CS_PIE` is set (to anything but `0`).
///
/// Position-independent, `cs` held 13,175 pointers that the dynamic loader
/// rewrote at every start, in 61 pages that it copied to do so (66 page
/// faults, nearly a third of a plan's): linked at a fixed address, it has none,
/// and a plan took 2.28x-2.39x a hello-world's time against 2.50x-2.57x
/// (400 to 600 rounds in turn, bench/README.md). What it gives up: cs's own
/// code and data sit at the same address at every run (its libraries,
/// stack, heap and other mappings are still placed at random), which would
/// help whoever found a memory-safety bug in it to exploit it; cs is Rust,
/// and its own `unsafe` code is a few calls into libc.
///
/// To build it position-independent: `CS_PIE=1 cargo install --locked
/// --path .` (`RUSTFLAGS` would reach the procedural macros too, which a
/// `-pie` breaks).
fn position_dependent() {
    println!("cargo:rerun-if-env-changed=CS_PIE");
    let pie = std::env::var_os("CS_PIE").is_some_and(|v| !v.is_empty() && v != "0");
    if !pie {
        println!("cargo:rustc-link-arg=-no-pie");
    }
}

fn main() {
    if measured_linking() {
        link_order();
        position_dependent();
    }
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src/playbook/model.rs");
    println!("cargo:rerun-if-changed=src/playbook/duty.rs");
    println!("cargo:rerun-if-changed=src/playbook/forms.rs");
    println!("cargo:rerun-if-changed=src/digest.rs");
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
        let hex = digest::sha256_hex(yaml.as_bytes(), 32);
        std::fs::write(out.join(format!("{id}.sha256")), hex)
            .unwrap_or_else(|e| panic!("{}: {e}", out.display()));
    }
}
