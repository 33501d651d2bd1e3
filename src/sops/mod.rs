//! One home per SOP, named like its playbook: what the playbook's data
//! cannot say (date arithmetic, lookups in other tables, checks across
//! answers, streaming a batch), each place naming the rule it implements.
//! Everything else an SOP says (fields, thresholds, offsets, names, texts)
//! is in `playbooks/*.yaml`. Each SOP plugs into the shared pipeline,
//! `crate::workflow`, through the `Sop` trait.

pub mod escalation;
pub mod offboarding;
pub mod onboarding;
pub mod transition;

use crate::answers::Answers;
use crate::diag::{Diagnostic, Severity};
use crate::error::Error;
use crate::fields::Value;
use crate::playbook::model::Playbook;
use crate::playbook::{Loaded, Source};
use serde::de::DeserializeOwned;

/// The workflow commands, as fixture directories name them (`-` for spaces).
pub const COMMANDS: &[&str] = &[
    "onboard",
    "escalate",
    "escalate-advance",
    "escalate-note",
    "escalate-cadence",
    "transition",
    "offboard",
];

/// The SOP a workflow command runs, named as in [`COMMANDS`]; `escalation`
/// holds the answers of O9's escalation case for `onboard`.
pub fn by_command(
    command: &str,
    escalation: Option<std::path::PathBuf>,
) -> Option<Box<dyn crate::workflow::Sop>> {
    Some(match command {
        "onboard" => Box::new(onboarding::Onboarding {
            escalation: crate::workflow::Sources {
                answers: escalation,
                ..Default::default()
            },
        }),
        "escalate" => Box::new(escalation::Open::default()),
        "escalate-advance" => Box::new(escalation::Advance),
        // A fixture's case has no notes yet: its note starts them.
        "escalate-note" => Box::new(escalation::Note {
            first: true,
            ..Default::default()
        }),
        "escalate-cadence" => Box::new(escalation::Cadence),
        "transition" => Box::new(transition::Transition),
        "offboard" => Box::new(offboarding::Offboarding),
        _ => return None,
    })
}

/// The shape of each SOP's `data:` section, by playbook id. The playbook
/// JSON Schema takes the union of them.
#[derive(schemars::JsonSchema)]
#[serde(untagged)]
// Never built: only its schema is read.
#[allow(dead_code, clippy::large_enum_variant)]
pub enum AnyData {
    Onboarding(onboarding::Data),
    Escalation(escalation::Data),
    Transition(transition::Data),
    Offboarding(offboarding::Data),
}

/// The JSON Schema of the playbook format, with each SOP's `data:` shape
/// in place of the format's placeholder (the SOPs sit above the format,
/// which cannot name them).
pub fn playbook_schema() -> serde_json::Value {
    let mut schema = serde_json::to_value(schemars::schema_for!(crate::playbook::model::Playbook))
        .unwrap_or_default();
    let mut data = serde_json::to_value(schemars::schema_for!(AnyData)).unwrap_or_default();
    let defs = data
        .as_object_mut()
        .and_then(|d| d.remove("$defs"))
        .unwrap_or_default();
    // As schemars writes a definition: its description first.
    if let serde_json::Value::Object(d) = &mut data {
        d.remove("$schema");
        d.remove("title");
        let mut m = serde_json::Map::new();
        if let Some(desc) = d.remove("description") {
            m.insert("description".into(), desc);
        }
        m.append(d);
        *d = m;
    }
    let Some(all) = schema["$defs"].as_object_mut() else {
        return schema;
    };
    // A name both use for different shapes (the format's `Day`, a SOP's
    // `Day`) is given a number, as schemars does within one schema.
    let mut renamed: Vec<(String, String)> = Vec::new();
    let mut more: Vec<(String, serde_json::Value)> = Vec::new();
    if let serde_json::Value::Object(defs) = defs {
        for (name, def) in defs {
            let mut new = name.clone();
            let mut n = 1;
            while all.get(&new).is_some_and(|d| *d != def) {
                n += 1;
                new = format!("{name}{n}");
            }
            if new != name {
                renamed.push((name, new.clone()));
            }
            more.push((new, def));
        }
    }
    let rename = |v: &mut serde_json::Value| rename_refs(v, &renamed);
    rename(&mut data);
    all.insert("AnyData".into(), data);
    for (name, mut def) in more {
        rename(&mut def);
        all.insert(name, def);
    }
    schema
}

/// Points each `$ref` to a renamed definition at its new name.
fn rename_refs(v: &mut serde_json::Value, renamed: &[(String, String)]) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, x) in m.iter_mut() {
                match x {
                    serde_json::Value::String(r) if k == "$ref" => {
                        for (from, to) in renamed {
                            if r == &format!("#/$defs/{from}") {
                                *r = format!("#/$defs/{to}");
                            }
                        }
                    }
                    _ => rename_refs(x, renamed),
                }
            }
        }
        serde_json::Value::Array(a) => a.iter_mut().for_each(|x| rename_refs(x, renamed)),
        _ => {}
    }
}

/// A playbook document as far as its `data:` goes.
#[derive(serde::Deserialize)]
struct DataOf<T> {
    /// Deserialized only to check its shape.
    #[allow(dead_code)]
    data: T,
}

fn check<T: DeserializeOwned>(source: &Source) -> Option<Diagnostic> {
    let e = serde_saphyr::from_str::<DataOf<T>>(&source.text).err()?;
    let (loc, msg) = crate::yaml::describe(&e);
    if msg == "missing field `data`" {
        return Some(Diagnostic::at(
            &source.path,
            serde_saphyr::Location::UNKNOWN,
            Severity::Error,
            format!(
                "the {} SOP reads a `data:` section, and this playbook has none; copy it from the built-in playbooks/{}.yaml (cs playbook show {})",
                source.id, source.id, source.id
            ),
        ));
    }
    Some(Diagnostic::at(
        &source.path,
        loc,
        Severity::Error,
        format!("data: {msg}"),
    ))
}

/// What an SOP's code reads of its playbook: the shape of `data:`, and the
/// fields of each form (`""`: the playbook's own) that its code computes with.
struct Reads {
    data: fn(&Source) -> Option<Diagnostic>,
    fields: &'static [(&'static str, &'static str)],
}

fn reads(id: &str) -> Option<Reads> {
    Some(match id {
        "onboarding" => Reads {
            data: check::<onboarding::Data>,
            fields: onboarding::FIELDS,
        },
        "escalation" => Reads {
            data: check::<escalation::Data>,
            fields: escalation::FIELDS,
        },
        "transition" => Reads {
            data: check::<transition::Data>,
            fields: transition::FIELDS,
        },
        "offboarding" => Reads {
            data: check::<offboarding::Data>,
            fields: offboarding::FIELDS,
        },
        _ => return None,
    })
}

/// Checks a playbook against what its SOP's code reads: the shape of its
/// `data:` and the fields the code computes with (an organization's copy
/// that renames one would otherwise be read as unanswered). A playbook
/// that is no SOP's (an organization's own) has nothing to check.
pub fn check_playbook(source: &Source, playbook: &Playbook) -> Vec<Diagnostic> {
    let Some(r) = reads(&source.id) else {
        return Vec::new();
    };
    let mut out: Vec<Diagnostic> = (r.data)(source).into_iter().collect();
    for (form, key) in r.fields {
        let Some(f) = playbook.form(form) else {
            continue; // lint reports a missing form where the command needs it
        };
        if f.field(key).is_none() {
            let at = if form.is_empty() {
                "its fields".to_string()
            } else {
                format!("the fields of form `{form}`")
            };
            out.push(Diagnostic::at(
                &source.path,
                playbook.id.referenced,
                Severity::Error,
                format!(
                    "the {} SOP reads the field '{key}', which is not among {at}; keep the built-in playbook's key",
                    source.id
                ),
            ));
        }
    }
    out
}

/// A loaded playbook's `data:` in its SOP's shape (lint has checked it).
pub(crate) fn data<T: DeserializeOwned>(loaded: &Loaded) -> Result<T, Error> {
    let map = serde_json::Map::from_iter(loaded.playbook.data.clone());
    serde_json::from_value(serde_json::Value::Object(map)).map_err(|e| {
        Error::user(format!(
            "{}: `data` is not in the shape the {} SOP reads: {e}.",
            loaded.source.path, loaded.source.id
        ))
        .with_hint(format!(
            "check the playbook with: cs playbook lint {}",
            loaded.source.path
        ))
    })
}

/// The text (or choice key) answered for `key`.
pub(crate) fn text<'a>(a: &'a Answers, key: &str) -> Option<&'a str> {
    match a.values.get(key) {
        Some(Value::Text(s)) => Some(s),
        _ => None,
    }
}

/// The date answered for `key`.
pub(crate) fn date(a: &Answers, key: &str) -> Option<chrono::NaiveDate> {
    match a.values.get(key) {
        Some(Value::Date(d)) => Some(*d),
        _ => None,
    }
}

/// The list answered for `key`, empty when unanswered.
pub(crate) fn list<'a>(a: &'a Answers, key: &str) -> &'a [String] {
    match a.values.get(key) {
        Some(Value::List(l)) => l,
        _ => &[],
    }
}
