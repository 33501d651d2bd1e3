//! The span-aware value the playbook format's types hold: `model.rs`
//! names it through here, so that build.rs, which compiles the built-in
//! playbooks with those types, can give it its own.

pub use serde_saphyr::{Location, Spanned};
