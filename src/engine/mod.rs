//! Applying a plan exactly once, whatever the system: the run, its
//! journal (sealed with this machine's key), the ledger of claims, the
//! dry run's diff and what a resume or a rerun is to do. It knows no
//! system by name: each system implements [`run::System`] for its
//! effects ([`Effect`]), and the engine says when an effect may leave
//! this machine and records what came back (Terraform's core and its
//! providers are the model).

pub mod diff;
pub mod journal;
pub mod ledger;
pub mod results;
pub mod run;
pub mod seal;
pub mod todo;
pub mod undo;

/// Now, as every state file writes it (RFC 3339, milliseconds, UTC).
pub fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// One thing a plan asks of a system, as the engine sees it: its natural
/// key, whether sending it twice is harmless, and what a person reads of
/// it. The engine knows no system: each effect says this of itself.
pub trait Effect {
    /// The key derived from the plan alone: the same plan, the same key.
    fn key(&self) -> &str;
    /// Is sending it twice harmless (it is written by its key), or would
    /// it post or create a second time?
    fn idempotent(&self) -> bool;
    /// What it is, as a person reads it in a list.
    fn label(&self) -> String;
    /// The digest of what it sends (an edited plan is told apart by it).
    fn digest(&self) -> String;
    /// Where a person checks whether it arrived ("the channel").
    fn place(&self) -> &'static str;
    /// The word for its arrival ("posted", "created").
    fn arrived_word(&self) -> &'static str;
    /// The SHA-256 of the plan it comes from and of that plan's playbook.
    fn origin(&self) -> Option<&(String, String)>;
    /// The keys of the effects it goes with: held back when one of them
    /// is not written in this run (a batch row's change in one system,
    /// when the row's record in another was not written).
    fn after(&self) -> &[String] {
        &[]
    }
}
