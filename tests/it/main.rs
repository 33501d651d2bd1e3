//! cs's integration tests: one binary with a module per command, so the
//! suite links the library once (on a 2-core machine each test binary is a
//! full link of cs and its dependencies).

mod common;

mod churn_code;
mod due;
mod escalate;
mod exactly_once;
mod examples;
mod fields;
mod files;
mod generated;
mod hostile;
mod layout;
mod lint;
mod note;
mod offboard;
mod onboard;
mod org;
mod org_batch;
mod outreach;
mod phi;
mod playbook;
mod prompt;
mod properties;
mod readme;
mod recurly;
mod round_trips;
mod snapshots;
mod sops;
mod spreadsheet;
mod submit;
mod submit_batch;
mod submit_diff;
mod submit_faults;
mod transition;
mod undo;
mod workflow;
