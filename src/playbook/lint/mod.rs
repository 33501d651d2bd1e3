//! `cs playbook lint`: structure (via the serde types) and meaning (names,
//! references, rule IDs, churn reasons, dates), each finding at the
//! `path:line:col` of the value it is about.

use super::model::{FieldType, FormRef, Playbook, SpStr};
use super::{Source, rules};
use crate::churn::Taxonomy;
use crate::diag::{Diagnostic, Severity};
use crate::template;
use serde_saphyr::Location;
use std::collections::HashMap;

/// Parses and lints one playbook. The playbook is returned when it parsed,
/// whatever the findings. `sops` checks what the SOPs' code reads of it
/// (its `data:` shape, the fields it computes with): the SOPs sit above
/// the playbook format, so they are handed in ([`super::Library::sops`]).
pub fn lint_source(
    source: &Source,
    taxonomy: Option<&Taxonomy>,
    sops: Option<super::SopCheck>,
) -> (Option<Playbook>, Vec<Diagnostic>) {
    let (playbook, unknown, source) = match super::keys::parse_past_unknown_keys(source) {
        (Some(p), unknown, cleaned) => (p, unknown, cleaned),
        (None, diags, _) => return (None, diags),
    };
    let source = &source;
    let own;
    let taxonomy = if playbook.churn_codes.is_empty() {
        taxonomy
    } else {
        own = Taxonomy::from_playbook(&playbook);
        Some(&own)
    };
    let mut l = Linter {
        path: &source.path,
        data: false,
        extra: Vec::new(),
        diags: Vec::new(),
    };
    l.playbook(&playbook, &source.id, taxonomy);
    if let Some(check) = sops {
        l.diags.extend(check(source, &playbook));
    }
    l.diags.extend(unknown);
    l.diags.sort_by_key(|d| (d.line, d.column));
    (Some(playbook), l.diags)
}

/// Lints many playbooks on all cores; the findings come back in the order
/// of `sources`.
pub fn lint_all(
    sources: &[Source],
    taxonomy: Option<&Taxonomy>,
    sops: Option<super::SopCheck>,
) -> Vec<Vec<Diagnostic>> {
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(sources.len().max(1));
    if threads <= 1 {
        return sources
            .iter()
            .map(|s| lint_source(s, taxonomy, sops).1)
            .collect();
    }
    let per = sources.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = sources
            .chunks(per)
            .map(|chunk| {
                scope.spawn(move || {
                    chunk
                        .iter()
                        .map(|s| lint_source(s, taxonomy, sops).1)
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            // A lint thread that panicked re-raises here: no file's
            // findings are silently dropped.
            .flat_map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    })
}

mod duty;
mod field;

struct Linter<'a> {
    path: &'a str,
    /// The template being checked fills a data field (not read by people).
    data: bool,
    /// Names a template may read besides fields and builtins (schedule occurrences).
    extra: Vec<String>,
    diags: Vec<Diagnostic>,
}

/// What names a template may read.
struct Scope<'p> {
    fields: HashMap<&'p str, usize>,
    computed: Vec<&'p str>,
    /// Choice and multi-choice fields: people read their labels, not keys.
    choices: Vec<&'p str>,
}

impl Linter<'_> {
    fn error(&mut self, loc: Location, msg: impl Into<String>) {
        self.diags
            .push(Diagnostic::at(self.path, loc, Severity::Error, msg));
    }
    fn warning(&mut self, loc: Location, msg: impl Into<String>) {
        self.diags
            .push(Diagnostic::at(self.path, loc, Severity::Warning, msg));
    }
    /// W1: cs's default wording in use, listed for the reader (not a fault).
    fn default_in_use(&mut self, loc: Location, msg: impl Into<String>) {
        self.diags
            .push(Diagnostic::at(self.path, loc, Severity::Info, msg));
    }

    fn playbook(&mut self, p: &Playbook, file_id: &str, taxonomy: Option<&Taxonomy>) {
        if p.id.value != file_id {
            self.error(
                p.id.referenced,
                format!(
                    "the id '{}' must match the file name '{file_id}.yaml' (cs finds playbooks by file name)",
                    p.id.value
                ),
            );
        }

        for h in &p.holidays {
            if chrono::NaiveDate::parse_from_str(&h.value, "%Y-%m-%d").is_err() {
                self.error(
                    h.referenced,
                    format!("holiday '{}' is not a YYYY-MM-DD date", h.value),
                );
            }
        }

        for form in p.all_forms() {
            self.form(form, taxonomy);
        }
        for key in &p.default_data {
            if p.data.contains_key(&key.value) {
                self.default_in_use(
                    key.referenced,
                    format!(
                        "data.{} is cs's default wording, not the SOP's (W1): replace it with your organization's text and take it out of default_data",
                        key.value
                    ),
                );
            } else {
                self.error(
                    key.referenced,
                    format!(
                        "default_data names '{}', which is not a table of data",
                        key.value
                    ),
                );
            }
        }
        self.statuses(p);
        self.churn_codes(p, taxonomy);
        self.duties(&p.duties);
    }

    fn form(&mut self, form: FormRef, taxonomy: Option<&Taxonomy>) {
        let mut scope = Scope {
            fields: HashMap::new(),
            computed: Vec::new(),
            choices: form
                .fields
                .iter()
                .filter(|f| matches!(f.kind.value, FieldType::Choice | FieldType::MultiChoice))
                .map(|f| f.key.value.as_str())
                .collect(),
        };
        for c in form.computed {
            if scope.computed.contains(&c.key.value.as_str()) {
                self.error(
                    c.key.referenced,
                    format!("computed name '{}' is declared twice", c.key.value),
                );
            }
            scope.computed.push(&c.key.value);
        }
        for (i, f) in form.fields.iter().enumerate() {
            scope.fields.entry(&f.key.value).or_insert(i);
        }
        // A computed value reads the answers and the values computed before it.
        for (i, c) in form.computed.iter().enumerate() {
            if let Some(expr) = &c.value {
                let before = Scope {
                    fields: scope.fields.clone(),
                    computed: scope.computed[..i].to_vec(),
                    choices: scope.choices.clone(),
                };
                self.template(expr, &before, true, None);
            }
        }
        // Fields, in order: keys, types, choices, defaults, conditions.
        let mut keys_seen = std::collections::HashSet::new();
        for i in 0..form.fields.len() {
            self.field(form, i, &scope, taxonomy, &mut keys_seen);
        }

        for item in form.checklist {
            self.rule(&item.rule);
            self.template(&item.text, &scope, false, None);
            self.condition(&item.when, &scope);
        }
        for step in form.schedule {
            if let Some(r) = &step.rule {
                self.rule(r);
            }
            if step.default {
                self.default_in_use(
                    step.action.referenced,
                    "this step's date is cs's default, one the SOP does not set (W1): set your organization's and take out `default: true`",
                );
            }
            self.template_with(&step.action, &scope, template::SCHEDULE_VARIABLES);
            self.condition(&step.when, &scope);
            let from = &step.from.value;
            if let Some(name) = from.strip_prefix("summary.") {
                if !scope.computed.contains(&name) {
                    self.error(
                        step.from.referenced,
                        format!("the offset is anchored on '{from}', which is not declared under `computed`"),
                    );
                }
            } else if from != "today" {
                match form.field(from) {
                    None => self.error(
                        step.from.referenced,
                        format!("the offset is anchored on '{from}', which is neither 'today', a field nor a computed date (summary.NAME)"),
                    ),
                    Some(f) if f.kind.value != FieldType::Date => self.error(
                        step.from.referenced,
                        format!(
                            "the offset is anchored on '{from}', a {} field; anchors must be date fields or 'today'",
                            f.kind.value.name()
                        ),
                    ),
                    Some(_) => {}
                }
            }
            if step.repeat == Some(0) || step.every == Some(0) {
                self.error(
                    step.action.referenced,
                    "repeat and every must be at least 1",
                );
            }
        }
        for (ri, r) in form.records.iter().enumerate() {
            let mut item: &[&str] = &[];
            if let Some(fe) = &r.for_each {
                match form.field(&fe.value) {
                    Some(f) if f.kind.value.is_list() => item = &["item"],
                    Some(f) => self.error(
                        fe.referenced,
                        format!(
                            "for_each names '{}', a {} field; it must be a list field",
                            fe.value,
                            f.kind.value.name()
                        ),
                    ),
                    None => self.error(
                        fe.referenced,
                        format!("for_each names '{}', which is not a field", fe.value),
                    ),
                }
            }
            // Record fields are data: a picklist holds its key. Only the
            // Description, a note people read, is text for people.
            for (name, v) in &r.fields {
                self.data = name != "Description" && name != "CommentBody";
                self.template_with(v, &scope, item);
            }
            if let Some(v) = r.external_id.as_ref().and_then(|e| e.value.as_ref()) {
                self.template(v, &scope, false, None);
            }
            for target in r.links.values() {
                let earlier = form.records[..ri].iter().any(|e| {
                    e.sobject == target.value
                        && (e.external_id.is_some()
                            || (e.operation == crate::playbook::model::Operation::Update
                                && e.fields.contains_key("Id")))
                });
                if !earlier {
                    self.error(
                        target.referenced,
                        format!(
                            "links names '{}', which is not an earlier record of this form with an external_id or an update by Id; cs submit finds a linked record by its External ID or Id",
                            target.value
                        ),
                    );
                }
            }
            if let Some(u) = &r.unique_open {
                for f in &u.same {
                    if !r.fields.contains_key(&f.value) {
                        self.error(
                            f.referenced,
                            format!(
                                "unique_open.same names '{}', which is not a field of this record",
                                f.value
                            ),
                        );
                    }
                }
                if (u.condition.trim().is_empty() || u.condition.contains(';'))
                    && let Some(f) = u.same.first()
                {
                    self.error(
                        f.referenced,
                        "unique_open.where must be a SOQL condition, without ';'",
                    );
                }
            }
            for key in r.users.values().chain(r.contacts.values()) {
                match form.field(&key.value) {
                    Some(f) if matches!(f.kind.value, FieldType::Text | FieldType::Email) => {}
                    Some(f) => self.error(
                        key.referenced,
                        format!(
                            "'{}' is a {} field; a person (users, contacts) is named by a text or email field",
                            key.value,
                            f.kind.value.name()
                        ),
                    ),
                    None => self.error(
                        key.referenced,
                        format!("users or contacts name '{}', which is not a field of this form", key.value),
                    ),
                }
            }
            if let Some(file) = &r.file {
                match form.field(&file.from.value) {
                    Some(f) if f.kind.value == FieldType::Text => {}
                    Some(f) => self.error(
                        file.from.referenced,
                        format!(
                            "file.from names '{}', a {} field; the file's path is a text field",
                            file.from.value,
                            f.kind.value.name()
                        ),
                    ),
                    None => self.error(
                        file.from.referenced,
                        format!(
                            "file.from names '{}', which is not a field",
                            file.from.value
                        ),
                    ),
                }
            }
            for k in r.external_id.iter().flat_map(|e| &e.identity) {
                match form.field(&k.value) {
                    None => self.error(
                        k.referenced,
                        format!("identity names '{}', which is not a field", k.value),
                    ),
                    Some(f) if !f.required && f.default.is_none() => self.warning(
                        k.referenced,
                        format!(
                            "identity names '{}', an optional field without a default: answering it later changes the record's key, and the next run creates a second record",
                            k.value
                        ),
                    ),
                    Some(_) => {}
                }
            }
            self.data = false;
            self.condition(&r.when, &scope);
        }
        for m in form.messages {
            self.template(&m.text, &scope, false, None);
            if let Some(b) = &m.blocks {
                let mut strings = Vec::new();
                collect_strings(&b.value, &mut strings);
                for s in strings {
                    let sp = SpStr::new(s, b.referenced, b.defined);
                    self.template(&sp, &scope, false, None);
                }
            }
            self.condition(&m.when, &scope);
        }
        for d in form.drafts {
            if d.default && d.outreach.is_some() {
                self.warning(
                    d.body.referenced,
                    format!(
                        "\"{}\" is sent from Outreach (`outreach:`), so its body here is not used: take out `default: true`",
                        d.template
                    ),
                );
            } else if d.default {
                self.default_in_use(
                    d.body.referenced,
                    format!(
                        "the text of \"{}\" is cs's default wording; the SOP names the template but not its text (W1): put your organization's text here and take out `default: true`",
                        d.template
                    ),
                );
            }
            if let Some(s) = &d.subject {
                self.template(s, &scope, false, None);
            }
            self.template(&d.body, &scope, false, None);
            self.condition(&d.when, &scope);
        }
        for o in form.outreach {
            self.rule(&o.rule);
            let (needs, may) = o.action.value.needs();
            let texts = o.texts();
            for n in needs {
                if !texts.iter().any(|(k, _)| k == n) {
                    self.error(
                        o.action.referenced,
                        format!(
                            "an Outreach `{}` needs `{n}:`",
                            serde_json::to_value(o.action.value)
                                .ok()
                                .and_then(|v| v.as_str().map(str::to_string))
                                .unwrap_or_default()
                        ),
                    );
                }
            }
            for (k, t) in &texts {
                if !needs.contains(k) && !may.contains(k) {
                    self.error(
                        t.referenced,
                        format!(
                            "`{k}:` means nothing to an Outreach `{}`; take it out",
                            serde_json::to_value(o.action.value)
                                .ok()
                                .and_then(|v| v.as_str().map(str::to_string))
                                .unwrap_or_default()
                        ),
                    );
                }
                self.template(t, &scope, false, None);
            }
            self.condition(&o.when, &scope);
        }
    }

    fn churn_codes(&mut self, p: &Playbook, taxonomy: Option<&Taxonomy>) {
        let mut reasons: Vec<String> = Vec::new();
        for c in &p.churn_codes {
            let r = c.reason.value.to_lowercase();
            if reasons.contains(&r) {
                self.error(
                    c.reason.referenced,
                    format!("duplicate churn reason '{}'", c.reason.value),
                );
            }
            reasons.push(r);
            if c.secondary.is_empty() && c.free_text.is_none() {
                self.warning(
                    c.reason.referenced,
                    format!(
                        "churn reason '{}' has no secondary reasons and no free_text",
                        c.reason.value
                    ),
                );
            }
            let mut seen: Vec<String> = Vec::new();
            for s in &c.secondary {
                if seen.contains(&s.value.to_lowercase()) {
                    self.error(
                        s.referenced,
                        format!("duplicate secondary reason '{}'", s.value),
                    );
                }
                seen.push(s.value.to_lowercase());
            }
        }
        let has_churn_field = p.all_forms().iter().any(|form| {
            form.fields
                .iter()
                .any(|f| f.kind.value == FieldType::ChurnReason)
        });
        if has_churn_field && taxonomy.is_none() {
            self.error(
                p.id.referenced,
                "churn-reason fields need the churn-codes playbook",
            );
        }
    }

    /// The status machine: unique keys, moves to known statuses, required
    /// answers that some form asks for, rule IDs from the catalog.
    fn statuses(&mut self, p: &Playbook) {
        let mut seen = std::collections::HashSet::new();
        for st in &p.statuses {
            if !seen.insert(st.key.value.as_str()) {
                self.error(
                    st.key.referenced,
                    format!("duplicate status '{}'", st.key.value),
                );
            }
            if let Some(r) = &st.rule {
                self.rule(r);
            }
            for n in &st.next {
                if p.status(&n.value).is_none() {
                    self.error(
                        n.referenced,
                        format!("'{}' is not a status of this playbook", n.value),
                    );
                }
            }
            for r in &st.requires {
                if !p.all_forms().iter().any(|f| f.field(&r.value).is_some()) {
                    self.error(
                        r.referenced,
                        format!(
                            "status '{}' requires '{}', which no form asks for",
                            st.key.value, r.value
                        ),
                    );
                }
            }
        }
    }

    fn rule(&mut self, r: &SpStr) {
        if !rules::is_known(&r.value) {
            self.error(
                r.referenced,
                format!(
                    "'{}' is not a rule ID of the SOP rule catalog (e.g. N1, E7, O8)",
                    r.value
                ),
            );
        }
    }

    fn condition(&mut self, w: &Option<SpStr>, scope: &Scope) {
        if let Some(w) = w {
            self.template(w, scope, true, None);
        }
    }

    /// A template that may also read `extra` names.
    fn template_with(&mut self, t: &SpStr, scope: &Scope, extra: &[&str]) {
        self.extra = extra.iter().map(|s| s.to_string()).collect();
        self.template(t, scope, false, None);
        self.extra.clear();
    }

    /// Syntax and names of one template or condition. `asked_at` is the index
    /// of the field whose condition this is: it may only read earlier fields.
    fn template(&mut self, t: &SpStr, scope: &Scope, is_condition: bool, asked_at: Option<usize>) {
        let what = if is_condition {
            "condition"
        } else {
            "template"
        };
        let vars = match template::variables(&t.value, is_condition) {
            Ok(v) => v,
            Err(e) => {
                self.error(
                    t.referenced,
                    format!("{what} syntax: {}", template::describe(&e)),
                );
                return;
            }
        };
        for name in template::unknown_filters(&t.value, is_condition) {
            self.error(
                t.referenced,
                format!("{what} uses the filter '{name}', which cs does not have"),
            );
        }
        for var in vars {
            let mut parts = var.splitn(2, '.');
            let root = parts.next().unwrap_or("");
            let attr = parts.next();
            if let Some(&idx) = scope.fields.get(root) {
                if let Some(at) = asked_at
                    && idx >= at
                {
                    self.error(
                        t.referenced,
                        format!(
                            "the condition reads '{root}', which is asked at or after this field"
                        ),
                    );
                }
                continue;
            }
            if self.extra.iter().any(|e| e == root) {
                continue;
            }
            match root {
                "today" | "playbook" | "data" => {}
                "label" => {
                    if let Some(a) = attr {
                        let name = a.split('.').next().unwrap_or(a);
                        if !scope.choices.contains(&name) {
                            self.error(
                                t.referenced,
                                format!(
                                    "'label.{name}': '{name}' is not a choice field of this form"
                                ),
                            );
                        }
                    }
                }
                "summary" => {
                    if let Some(a) = attr {
                        let name = a.split('.').next().unwrap_or(a);
                        if !scope.computed.contains(&name) {
                            self.error(
                                t.referenced,
                                format!("'summary.{name}' is not declared under `computed`"),
                            );
                        }
                    }
                }
                _ => self.error(
                    t.referenced,
                    format!("{what} uses '{root}', which is not a field of this playbook"),
                ),
            }
        }
        // People read labels: a choice field written out raw shows its key.
        if !is_condition && !self.data && template::lone_variable(&t.value).is_none() {
            for name in template::interpolated(&t.value) {
                if scope.choices.contains(&name) {
                    self.warning(
                        t.referenced,
                        format!("'{name}' is a choice field: people would read its key; write label.{name}"),
                    );
                }
            }
        }
    }
}

fn collect_strings(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Array(a) => a.iter().for_each(|x| collect_strings(x, out)),
        serde_json::Value::Object(o) => o.values().for_each(|x| collect_strings(x, out)),
        _ => {}
    }
}

fn is_identifier(s: &str) -> bool {
    let mut b = s.bytes();
    matches!(b.next(), Some(c) if c.is_ascii_lowercase())
        && b.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'_')
}
