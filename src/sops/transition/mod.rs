//! Account transitions (Account Transition SOP): the SOP lives in
//! playbooks/transition.yaml (fields, manual health categories, templates,
//! the owner-update columns). This module holds the T3 route of an account,
//! once for a single transition and for every row of a team lead's batch
//! over a CSV of any size.
//!
//! The batch validates each row with the same field rules as a single
//! transition, but reads cells straight from the CSV record (no templates),
//! so a million rows stream through in memory that does not grow.

mod batch;
mod rows;
pub use batch::{BatchOptions, CS_OPS, OUTREACH, Summary, run_batch};

use crate::answers::Answers;
use crate::error::Error;
use crate::fields::{self, Value};
use crate::playbook::Loaded;
use crate::workflow::{Cx, Facts, Sop, Workflow};
use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

/// The fields this module computes with: (form, key).
pub const FIELDS: &[(&str, &str)] = &[
    ("", "account_id"),
    ("", "account_name"),
    ("", "from_csm"),
    ("", "to_csm"),
    ("", "reason"),
    ("", "health"),
    ("", "open_opps"),
    ("", "pending_tasks"),
    ("", "open_tickets"),
    ("", "opportunity_ids"),
    ("", "admin_requests"),
    ("", "past_tickets"),
    ("", "users_active"),
    ("", "users_paid"),
    ("", "providers_active"),
    ("", "providers_contracted"),
];

/// The route of an account and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    pub manual: bool,
    pub reasons: Vec<String>,
}

impl Route {
    pub fn name(&self) -> &'static str {
        if self.manual { "manual" } else { "automated" }
    }
}

/// The transition playbook's `data:` tables.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Data {
    /// T3: health categories that route manually (every other is automated).
    pub manual_health: Vec<String>,
    /// T3: the Outreach template of each route.
    pub templates: Templates,
    /// T3: the Outreach sequence of each route.
    pub sequences: Templates,
    /// `cs transition batch`: the columns every row must fill.
    pub batch_required: Vec<String>,
    /// `cs transition batch`: owner-updates.csv for a Bulk API 2.0 ingest job (T6).
    pub owner_updates: OwnerUpdates,
    /// `cs transition batch`: opportunity-updates.csv, one row per Id of a
    /// row's open opportunities (T6). Without it, a batch with that column
    /// is refused rather than dropping it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opportunity_updates: Option<ListUpdates>,
    /// Answer keys that name a Salesforce user (`to_csm`): with `--org`,
    /// the batch writes the user's Id in owner-updates.csv and
    /// opportunity-updates.csv, and rejects a row whose person is unknown
    /// or ambiguous.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub users: Vec<String>,
}

/// One update row per entry of a list answer: the entry is the record's
/// `Id`, the other columns are field API name -> answer key.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ListUpdates {
    pub sobject: String,
    /// The list field whose entries are the records' Ids.
    pub ids: String,
    #[schemars(with = "std::collections::BTreeMap<String, String>")]
    pub columns: IndexMap<String, String>,
}

/// T3: the Outreach template of each route.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Templates {
    pub automated: String,
    pub manual: String,
}

/// owner-updates.csv: the object, and field API name -> answer key.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OwnerUpdates {
    pub sobject: String,
    #[schemars(with = "std::collections::BTreeMap<String, String>")]
    pub columns: IndexMap<String, String>,
}

/// The routing rules and templates of the transition playbook.
pub struct Router {
    manual_health: Vec<String>,
    templates: Templates,
    /// The health field's labels by key: people read "At risk".
    health_labels: Vec<(String, String)>,
}

impl Router {
    pub fn new(loaded: &Loaded) -> Result<Self, Error> {
        let data: Data = super::data(loaded)?;
        Self::from_data(loaded, data.manual_health, data.templates)
    }

    /// The router of the playbook's T3 tables, already read.
    fn from_data(
        loaded: &Loaded,
        manual_health: Vec<String>,
        templates: Templates,
    ) -> Result<Self, Error> {
        let choices = loaded
            .playbook
            .field("health")
            .map(|f| f.choices.as_slice())
            .unwrap_or_default();
        if !choices.is_empty() {
            for h in &manual_health {
                if !choices.iter().any(|c| &c.key.value == h) {
                    return Err(Error::user(format!(
                        "{}: data.manual_health names '{h}', which is not a choice of the health field.",
                        loaded.source.path
                    )));
                }
            }
        }
        let health_labels = choices
            .iter()
            .map(|c| (c.key.value.clone(), c.label.clone()))
            .collect();
        Ok(Self {
            manual_health,
            templates,
            health_labels,
        })
    }

    /// T3: manual with open opportunities, pending tasks, pending items
    /// (T7, T8) or a manual health category; automated otherwise.
    pub fn route(&self, health: &str, counts: Counts) -> Route {
        let mut buf = String::new();
        let manual = self.route_into(health, counts, &mut buf);
        Route {
            manual,
            reasons: if manual {
                buf.split("; ").map(str::to_string).collect()
            } else {
                Vec::new()
            },
        }
    }

    pub fn template(&self, route: &Route) -> &str {
        self.template_of(route.manual)
    }

    pub fn template_of(&self, manual: bool) -> &str {
        if manual {
            &self.templates.manual
        } else {
            &self.templates.automated
        }
    }

    /// T3, the one place it is decided: the reasons go into `buf`
    /// ("; "-separated; nothing is allocated for automated rows); returns
    /// whether the route is manual.
    pub fn route_into(&self, health: &str, counts: Counts, buf: &mut String) -> bool {
        buf.clear();
        // Compared without a call to `memcmp`: a batch routes every row.
        let manual_health = self
            .manual_health
            .iter()
            .any(|h| fields::same(h.as_bytes(), health.as_bytes()));
        let Counts {
            open_opps,
            pending_tasks,
            open_tickets,
            admin_requests,
            past_tickets,
        } = counts;
        if open_opps == 0
            && pending_tasks == 0
            && open_tickets == 0
            && !admin_requests
            && !past_tickets
            && !manual_health
        {
            return false;
        }
        // Each reason after the one before it, "; " between them: pieces
        // of text and numbers, without the formatting machinery (a batch
        // routes every row).
        let mut part = |pieces: &[&str]| {
            if !buf.is_empty() {
                buf.push_str("; ");
            }
            pieces.iter().for_each(|p| buf.push_str(p));
        };
        let mut num = itoa::Buffer::new();
        if open_opps > 0 {
            let many = if open_opps == 1 { "y" } else { "ies" };
            part(&[num.format(open_opps), " open sales opportunit", many]);
        }
        if pending_tasks > 0 {
            let s = crate::out::plural(pending_tasks);
            part(&[num.format(pending_tasks), " pending task", s]);
        }
        if open_tickets > 0 {
            let s = crate::out::plural(open_tickets);
            part(&[num.format(open_tickets), " open ticket", s]);
        }
        if admin_requests {
            part(&["the admin's questions or requests"]);
        }
        if past_tickets {
            part(&["the context of past tickets"]);
        }
        if manual_health {
            let label = self
                .health_labels
                .iter()
                .find(|(k, _)| k == health)
                .map_or(health, |(_, l)| l.as_str());
            part(&["health is ", label]);
        }
        true
    }
}

/// What T3 routes on beside the health: the open opportunities (T6: by
/// count, or by their Ids when more are listed), and the pending items of
/// T7 and T8.
#[derive(Debug, Clone, Copy, Default)]
pub struct Counts {
    pub open_opps: i64,
    pub pending_tasks: i64,
    pub open_tickets: i64,
    /// T8: questions and requests from the admin are pending.
    pub admin_requests: bool,
    /// T8: the context of tickets opened in the past is to be given.
    pub past_tickets: bool,
}

pub const WORKFLOW: Workflow = Workflow {
    command: "transition",
    playbook: "transition",
    form: "",
};

/// `cs transition`: one account's transition.
pub struct Transition;

impl Sop for Transition {
    fn workflow(&self) -> Workflow {
        WORKFLOW
    }

    fn facts(&self, cx: &Cx, a: &Answers, facts: &mut Facts) -> Result<(), Error> {
        let values = &a.values;
        let router = Router::new(cx.loaded)?;
        let int = |k: &str| match values.get(k) {
            Some(Value::Integer(n)) => Some(*n),
            _ => None,
        };
        let health = super::text(a, "health").unwrap_or("");
        // T3 (decided): open opportunities given by Id count whatever the
        // count says.
        let ids = super::list(a, "opportunity_ids").len() as i64;
        let opps = int("open_opps").unwrap_or(0).max(ids);
        let counts = Counts {
            open_opps: opps,
            pending_tasks: int("pending_tasks").unwrap_or(0),
            open_tickets: int("open_tickets").unwrap_or(0),
            admin_requests: super::text(a, "admin_requests").is_some(),
            past_tickets: super::text(a, "past_tickets").is_some(),
        };
        let route = router.route(health, counts);
        let gap = |a: &str, b: &str| match (int(a), int(b)) {
            (Some(x), Some(y)) => Json::from(x - y),
            _ => Json::Null,
        };
        let s = &mut facts.summary;
        s.insert("route".into(), Json::from(route.name()));
        s.insert("reasons".into(), Json::from(route.reasons.clone()));
        s.insert("template".into(), Json::from(router.template(&route)));
        s.insert("users_gap".into(), gap("users_active", "users_paid"));
        s.insert(
            "providers_gap".into(),
            gap("providers_active", "providers_contracted"),
        );
        s.insert("open_opps".into(), Json::from(opps));
        // T6: open opportunities move with the account, by their Ids.
        if opps > ids {
            facts.warnings.push(format!(
                "{opps} open opportunities but {ids} opportunity_ids: give their Ids to move them with the account (T6), or move them in Salesforce"
            ));
        }
        Ok(())
    }
}
