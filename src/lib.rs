//! cs: the Customer Success SOPs as executable playbooks.
//!
//! The library holds everything but argument parsing: playbooks and their
//! linter, field validation (with the N1 note grammar), answer collection,
//! the workflow pipeline (`workflow`) with one home per SOP (`sops`), plans
//! and their renderers, and the Salesforce and Slack clients. The `cs`
//! binary's command modules turn arguments into calls to it.

pub mod answers;
pub mod batch;
pub mod calendar;
pub mod churn;
pub mod diag;
pub mod digest;
pub mod due;
pub mod effect;
pub mod engine;
pub mod error;
pub mod fields;
pub mod files;
pub mod fixtures;
pub mod interrupt;
pub mod org;
pub mod out;
pub mod outreach;
pub mod phi;
pub mod plan;
pub mod playbook;
pub mod recurly;
pub mod redact;
pub mod render;
pub mod salesforce;
pub mod slack;
pub mod sops;
pub mod spreadsheet;
pub mod submit;
pub mod template;
pub mod workflow;
pub mod yaml;
