//! The E2 churn-code taxonomy, read from the churn-codes playbook:
//! category -> churn reason -> description -> secondary reasons.

use crate::playbook::model::Playbook;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Reason {
    pub category: String,
    pub reason: String,
    pub description: String,
    pub secondary: Vec<String>,
    /// Set where a free-text answer replaces secondary reasons (Competitor Switching).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub free_text: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Taxonomy {
    pub reasons: Vec<Reason>,
}

/// One hit of `churn-code show`, best first.
#[derive(Debug, Clone, Serialize)]
pub struct Match<'a> {
    /// What matched: category, reason or secondary.
    pub matched_on: &'static str,
    /// The secondary reason that matched, when it was one.
    #[serde(rename = "matched_secondary", skip_serializing_if = "Option::is_none")]
    pub secondary: Option<String>,
    #[serde(flatten)]
    pub reason: &'a Reason,
    #[serde(skip)]
    score: u32,
}

impl Taxonomy {
    pub fn from_playbook(p: &Playbook) -> Self {
        Self {
            reasons: p
                .churn_codes
                .iter()
                .map(|c| Reason {
                    category: c.category.clone(),
                    reason: c.reason.value.clone(),
                    description: c.description.clone(),
                    secondary: c.secondary.iter().map(|s| s.value.clone()).collect(),
                    free_text: c.free_text.clone(),
                })
                .collect(),
        }
    }

    /// A churn reason by its name, case-insensitively.
    pub fn find_reason(&self, name: &str) -> Option<&Reason> {
        let n = name.trim();
        self.reasons
            .iter()
            .find(|r| r.reason.eq_ignore_ascii_case(n))
    }

    pub fn reason_names(&self) -> Vec<&str> {
        self.reasons.iter().map(|r| r.reason.as_str()).collect()
    }

    /// Case-insensitive search over categories, reasons and secondary reasons.
    /// Exact matches rank above prefix matches, which rank above substring
    /// matches; at equal rank a reason beats a category beats a secondary reason.
    pub fn search(&self, query: &str) -> Vec<Match<'_>> {
        let q = query.trim().to_lowercase();
        let rank = |text: &str| -> Option<u32> {
            let t = text.to_lowercase();
            if t == q {
                Some(300)
            } else if t.starts_with(&q) {
                Some(200)
            } else if t.contains(&q) {
                Some(100)
            } else {
                None
            }
        };
        let mut hits = Vec::new();
        if q.is_empty() {
            return hits;
        }
        for r in &self.reasons {
            if let Some(s) = rank(&r.reason) {
                hits.push(Match {
                    matched_on: "reason",
                    secondary: None,
                    reason: r,
                    score: s + 3,
                });
            } else if let Some(s) = rank(&r.category) {
                hits.push(Match {
                    matched_on: "category",
                    secondary: None,
                    reason: r,
                    score: s + 2,
                });
            }
            for sec in &r.secondary {
                if let Some(s) = rank(sec) {
                    hits.push(Match {
                        matched_on: "secondary",
                        secondary: Some(sec.clone()),
                        reason: r,
                        score: s + 1,
                    });
                }
            }
        }
        hits.sort_by_key(|h| std::cmp::Reverse(h.score));
        hits
    }
}
