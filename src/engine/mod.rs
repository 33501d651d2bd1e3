//! Applying a plan exactly once, whatever the system: what every effect
//! shares (the claim ledger, private state files) lives here, and knows
//! no system by name. Systems (Salesforce, Slack) say what their effects
//! are; the engine says when an effect may leave this machine.

pub mod ledger;
pub mod seal;

/// Now, as every state file writes it (RFC 3339, milliseconds, UTC).
pub fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}
