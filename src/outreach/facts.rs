//! What cs reads of a prospect for the SOPs, beside the changes it makes:
//! whether the admin replied to a sequence email (O1) and the sequences
//! they are active in (O8, D2).

use super::{Failure, Outreach, Resource};
use crate::error::Error;

/// What cs reads of a prospect for the SOPs (O1, O8, D2): whether they
/// replied to a sequence email, and the sequences they are active in.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Facts {
    pub email: String,
    /// A state of theirs counts a reply (`replyCount` or `repliedAt`).
    pub replied: bool,
    /// The names of the sequences they are active in.
    pub active_sequences: Vec<String>,
}

impl Outreach<'_> {
    /// The facts of the prospects whose emails are `emails`, by email as
    /// given: None for an email no prospect has. Three reads for all of
    /// them: the prospects, their states, the sequences they are active in.
    pub fn facts_of(
        &self,
        emails: &[String],
    ) -> Result<indexmap::IndexMap<String, Option<Facts>>, Error> {
        let lower: Vec<String> = emails.iter().map(|e| e.trim().to_lowercase()).collect();
        let prospects = self
            .find("prospects", "emails", &lower)
            .map_err(Failure::into_error)?;
        let of = |e: &str| prospects.iter().find(|p| p.has_email(e));
        let ids: Vec<String> = lower
            .iter()
            .filter_map(|e| of(e))
            .map(|p| p.id.clone())
            .collect();
        let states = if ids.is_empty() {
            Vec::new()
        } else {
            self.find("sequenceStates", "prospect][id", &ids)
                .map_err(Failure::into_error)?
        };
        let active: Vec<&Resource> = states
            .iter()
            .filter(|s| s.text("state") == Some("active"))
            .collect();
        let mut seq_ids: Vec<String> = active
            .iter()
            .filter_map(|s| s.related.get("sequence").cloned())
            .collect();
        seq_ids.sort();
        seq_ids.dedup();
        let sequences = if seq_ids.is_empty() {
            Vec::new()
        } else {
            self.find("sequences", "id", &seq_ids)
                .map_err(Failure::into_error)?
        };
        Ok(emails
            .iter()
            .zip(&lower)
            .map(|(given, e)| {
                let facts = of(e).map(|p| {
                    let mine = states
                        .iter()
                        .filter(|s| s.related.get("prospect") == Some(&p.id));
                    let replied = mine.clone().any(|s| {
                        s.attributes["replyCount"].as_u64().is_some_and(|n| n > 0)
                            || s.attributes["repliedAt"].is_string()
                    });
                    let mut active_sequences: Vec<String> = mine
                        .filter(|s| s.text("state") == Some("active"))
                        .filter_map(|s| s.related.get("sequence"))
                        .filter_map(|id| sequences.iter().find(|q| &q.id == id))
                        .filter_map(|q| q.text("name").map(str::to_string))
                        .collect();
                    active_sequences.sort();
                    active_sequences.dedup();
                    Facts {
                        email: given.clone(),
                        replied,
                        active_sequences,
                    }
                });
                (given.clone(), facts)
            })
            .collect())
    }
}
