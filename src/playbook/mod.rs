//! Playbooks: the SOPs as YAML. The embedded copies are the default; an
//! organization's own directory (`--playbooks DIR`) overrides them file by
//! file. Loading a playbook for a command lints it first, so a command never
//! runs on a playbook `cs playbook lint` would reject.

pub mod duty;
pub mod forms;
mod keys;
pub mod lint;
pub mod model;
pub mod rules;
pub mod span;

use crate::churn::Taxonomy;
use crate::diag::{Diagnostic, Severity};
use crate::error::{Error, read_file};
use model::{FormRef, Operation, Playbook};
use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

/// The playbooks built into the binary: (id, text).
pub const EMBEDDED: &[(&str, &str)] = &[
    (
        "onboarding",
        include_str!("../../playbooks/onboarding.yaml"),
    ),
    (
        "escalation",
        include_str!("../../playbooks/escalation.yaml"),
    ),
    (
        "transition",
        include_str!("../../playbooks/transition.yaml"),
    ),
    (
        "offboarding",
        include_str!("../../playbooks/offboarding.yaml"),
    ),
    (
        "churn-codes",
        include_str!("../../playbooks/churn-codes.yaml"),
    ),
];

pub const CHURN_CODES: &str = "churn-codes";

/// A playbook's text and where it came from.
#[derive(Debug, Clone)]
pub struct Source {
    /// The id the file name gives (`escalation` for escalation.yaml).
    pub id: String,
    /// What diagnostics print: the file's path, or `playbooks/ID.yaml (embedded)`.
    pub path: String,
    /// The text: the binary's own for an embedded playbook, not a copy.
    pub text: Cow<'static, str>,
    pub embedded: bool,
}

impl Source {
    pub fn embedded(id: &str, text: &'static str) -> Self {
        Self {
            id: id.to_string(),
            path: format!("playbooks/{id}.yaml"),
            text: Cow::Borrowed(text),
            embedded: true,
        }
    }

    pub fn from_file(path: &Path) -> Result<Self, Error> {
        let text = read_file(path)?;
        Ok(Self {
            id: id_of(path),
            path: path.display().to_string(),
            text: Cow::Owned(text),
            embedded: false,
        })
    }

    /// The SHA-256 of the text, as hex: build.rs's for a built-in playbook.
    pub fn sha256(&self) -> String {
        match built_in(self) {
            Some(b) => b.sha256.to_string(),
            None => crate::digest::sha256_hex(self.text.as_bytes(), 32),
        }
    }
}

/// The id a file name gives: its stem.
pub fn id_of(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// A .yaml file of a playbook directory, other than the rule catalog and
/// the calendar.
fn is_playbook_file(p: &Path) -> bool {
    p.is_file()
        && matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml"))
        && !matches!(
            p.file_name().and_then(|n| n.to_str()),
            Some(rules::FILE | crate::calendar::FILE)
        )
}

/// Playbook files in a directory, sorted by name.
pub fn files_in(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    let entries = std::fs::read_dir(dir).map_err(|e| {
        Error::user(format!(
            "cannot read the playbook directory {}: {}.",
            dir.display(),
            crate::error::io_reason(&e)
        ))
    })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| is_playbook_file(p))
        .collect();
    files.sort();
    Ok(files)
}

/// A built-in playbook as build.rs compiled it: its JSON, which keeps
/// every span's line and column (empty for one whose YAML does not parse),
/// and the SHA-256 of its text.
struct Compiled {
    id: &'static str,
    json: &'static str,
    /// Its forms, a line each: `name<TAB>JSON`.
    forms: &'static str,
    sha256: &'static str,
    /// The playbook once read, shared for the rest of the process
    /// ([`read_shared`]).
    read: OnceLock<Arc<Playbook>>,
}

macro_rules! compiled {
    ($($id:literal),* $(,)?) => {
        [$(Compiled {
            id: $id,
            json: include_str!(concat!(env!("OUT_DIR"), "/", $id, ".json")),
            forms: include_str!(concat!(env!("OUT_DIR"), "/", $id, ".forms")),
            sha256: include_str!(concat!(env!("OUT_DIR"), "/", $id, ".sha256")),
            read: OnceLock::new(),
        }),*]
    };
}

/// A `static`, so that a form's JSON has one address, by which
/// [`read_form`] finds the playbook that holds it.
static COMPILED: [Compiled; EMBEDDED.len()] = compiled!(
    "onboarding",
    "escalation",
    "transition",
    "offboarding",
    "churn-codes",
);

/// What build.rs compiled of `source`, if it is a built-in playbook
/// unchanged.
fn built_in(source: &Source) -> Option<&'static Compiled> {
    if !source.embedded {
        return None;
    }
    let compiled = COMPILED.iter().find(|c| c.id == source.id)?;
    EMBEDDED
        .iter()
        .any(|(id, text)| *id == source.id && *text == source.text.as_ref())
        .then_some(compiled)
}

/// A built-in playbook as build.rs compiled it, read in a fraction of the
/// time its YAML takes. The same values and lines and columns; spans
/// (character offsets) are not kept, and nothing but lint reads them.
fn compiled(source: &Source) -> Option<Playbook> {
    built_in(source).and_then(read_compiled)
}

/// [`compiled`] of a built-in playbook known unchanged.
fn read_compiled(c: &Compiled) -> Option<Playbook> {
    if c.json.is_empty() {
        return None;
    }
    let mut playbook: Playbook = serde_json::from_str(c.json).ok()?;
    let forms = c.forms.lines().filter_map(|line| line.split_once('\t'));
    playbook.forms = forms::Forms::unread(forms.map(|(k, v)| (k.to_string(), v)), read_form);
    Some(playbook)
}

/// A built-in playbook's form from its compiled JSON, or, should that not
/// read, from the playbook's YAML.
fn read_form(name: &str, json: &'static str) -> model::Form {
    serde_json::from_str(json).ok().unwrap_or_else(|| {
        let at = json.as_ptr();
        let holder = COMPILED
            .iter()
            .find(|c| c.forms.as_bytes().as_ptr_range().contains(&at));
        let text = holder.and_then(|c| EMBEDDED.iter().find(|(id, _)| *id == c.id));
        text.and_then(|(_, text)| serde_saphyr::from_str::<Playbook>(text).ok())
            .and_then(|p| p.forms.get_key_value(name).map(|(_, f)| f.clone()))
            .unwrap_or_default()
    })
}

/// Parses a playbook; a YAML or structure error becomes one diagnostic.
pub fn parse(source: &Source) -> Result<Playbook, Diagnostic> {
    if let Some(p) = compiled(source) {
        return Ok(p);
    }
    parse_yaml(source)
}

/// Parses a playbook's YAML (its spans kept whole, as lint needs them).
pub fn parse_yaml(source: &Source) -> Result<Playbook, Diagnostic> {
    if source.text.trim().is_empty() {
        return Err(Diagnostic::at(
            &source.path,
            serde_saphyr::Location::UNKNOWN,
            Severity::Error,
            "the playbook is empty; it needs at least id, title, source and owner",
        ));
    }
    serde_saphyr::from_str::<Playbook>(&source.text).map_err(|e| {
        let (loc, msg) = crate::yaml::describe(&e);
        Diagnostic::at(&source.path, loc, Severity::Error, msg)
    })
}

/// A parsed, lint-clean playbook with its source.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub playbook: Arc<Playbook>,
    pub source: Source,
}

/// A playbook as [`parse`] reads it; a built-in one unchanged is read once
/// per process and shared: a batch that makes a plan per row reads it
/// once, and a run leaves it to the process's end to reclaim rather than
/// freeing it value by value.
fn read_shared(source: &Source) -> Result<Arc<Playbook>, Diagnostic> {
    let Some(c) = built_in(source) else {
        return parse(source).map(Arc::new);
    };
    if let Some(p) = c.read.get() {
        return Ok(Arc::clone(p));
    }
    let p = match read_compiled(c) {
        Some(p) => p,
        None => parse_yaml(source)?,
    };
    Ok(Arc::clone(c.read.get_or_init(|| Arc::new(p))))
}

/// What the SOPs' code reads of a playbook, checked with lint (see
/// [`lint::lint_source`]).
pub type SopCheck = fn(&Source, &Playbook) -> Vec<Diagnostic>;

/// Where playbooks come from: the embedded set, overridden by a directory;
/// and the SOPs' own checks of them, handed in by whoever knows the SOPs.
#[derive(Debug, Clone, Default)]
pub struct Library {
    pub dir: Option<PathBuf>,
    pub sops: Option<SopCheck>,
}

impl Library {
    pub fn new(dir: Option<PathBuf>) -> Result<Self, Error> {
        if let Some(d) = &dir
            && !d.is_dir()
        {
            return Err(Error::user(format!(
                "the playbook directory {} does not exist or is not a directory.",
                d.display()
            ))
            .with_hint(
                "pass --playbooks DIR (or set CS_PLAYBOOKS) to a directory of .yaml playbooks",
            ));
        }
        Ok(Self { dir, sops: None })
    }

    /// Every playbook in effect: embedded ones (or their overrides), then any
    /// extra files of the directory.
    pub fn sources(&self) -> Result<Vec<Source>, Error> {
        let overrides = match &self.dir {
            Some(d) => files_in(d)?,
            None => Vec::new(),
        };
        let mut out = Vec::new();
        for (id, text) in EMBEDDED {
            match overrides.iter().find(|p| id_of(p) == *id) {
                Some(p) => out.push(Source::from_file(p)?),
                None => out.push(Source::embedded(id, text)),
            }
        }
        for p in &overrides {
            let id = id_of(p);
            if !EMBEDDED.iter().any(|(e, _)| *e == id) {
                out.push(Source::from_file(p)?);
            }
        }
        Ok(out)
    }

    /// The library with the SOPs' checks of their playbooks.
    pub fn with_sops(mut self, check: SopCheck) -> Self {
        self.sops = Some(check);
        self
    }

    pub fn source(&self, id: &str) -> Result<Source, Error> {
        if let Some(d) = &self.dir {
            for ext in ["yaml", "yml"] {
                let p = d.join(format!("{id}.{ext}"));
                // A directory under a playbook's name is an error, not a fallback.
                if p.exists() {
                    return Source::from_file(&p);
                }
            }
        }
        EMBEDDED
            .iter()
            .find(|(e, _)| *e == id)
            .map(|(e, t)| Source::embedded(e, t))
            .ok_or_else(|| {
                let known: Vec<&str> = EMBEDDED.iter().map(|(e, _)| *e).collect();
                Error::user(format!("no playbook '{id}'; known: {}.", known.join(", ")))
                    .with_hint("cs playbook list")
            })
    }

    /// The churn-code taxonomy in effect. Parse errors surface when the
    /// churn-codes playbook itself is loaded or linted.
    pub fn taxonomy(&self) -> Result<Taxonomy, Error> {
        let src = self.source(CHURN_CODES)?;
        let p = read_shared(&src).map_err(|d| playbook_error(&src, vec![d]))?;
        Ok(Taxonomy::from_playbook(&p))
    }

    /// B1: the organization's calendar (its calendar.yaml, else the built-in one).
    pub fn calendar(&self) -> Result<crate::calendar::Calendar, Error> {
        crate::calendar::load(self.dir.as_deref())
    }

    /// Every playbook in effect, loaded (the first with lint errors refused).
    pub fn load_all(&self) -> Result<Vec<Loaded>, Error> {
        self.sources()?.iter().map(|s| self.load(&s.id)).collect()
    }

    /// Loads a playbook and refuses it if lint finds errors.
    pub fn load(&self, id: &str) -> Result<Loaded, Error> {
        let source = self.source(id)?;
        // The built-in playbooks, with no organization's files beside
        // them, are the ones CI lints (`cs playbook lint playbooks/`, and
        // the tests): each run only parses them. An organization's
        // playbooks, or built-in ones read beside them (another taxonomy,
        // another calendar), are linted at every load.
        if source.embedded && self.dir.is_none() {
            return match read_shared(&source) {
                Ok(playbook) => Ok(Loaded { playbook, source }),
                Err(d) => Err(playbook_error(&source, vec![d])),
            };
        }
        let taxonomy = if id == CHURN_CODES {
            None
        } else {
            Some(self.taxonomy()?)
        };
        let (playbook, diags) = lint::lint_source(&source, taxonomy.as_ref(), self.sops);
        let errors: Vec<Diagnostic> = diags
            .into_iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        match playbook {
            Some(playbook) if errors.is_empty() => Ok(Loaded {
                playbook: Arc::new(playbook),
                source,
            }),
            _ => Err(playbook_error(&source, errors)),
        }
    }
}

/// What the playbooks in effect write to Salesforce: each object's fields,
/// and the objects whose records they create. `cs submit --undo` writes
/// nothing else, whatever a journal asks.
#[derive(Debug, Default)]
pub struct Writes {
    pub fields: std::collections::BTreeMap<String, std::collections::BTreeSet<String>>,
    pub creates: std::collections::BTreeSet<String>,
}

impl Writes {
    pub fn field(&self, sobject: &str, field: &str) -> bool {
        self.fields.get(sobject).is_some_and(|f| f.contains(field))
    }
}

impl Library {
    /// [`Writes`] of every playbook in effect, every form included.
    pub fn writes(&self) -> Result<Writes, Error> {
        let mut w = Writes::default();
        for loaded in self.load_all()? {
            let p = &loaded.playbook;
            let forms = std::iter::once(p.main()).chain(p.forms.values().map(FormRef::from));
            for form in forms {
                for r in form.records {
                    let fields = w.fields.entry(r.sobject.clone()).or_default();
                    fields.extend(r.fields.keys().cloned());
                    fields.extend(r.links.keys().cloned());
                    fields.extend(r.users.keys().cloned());
                    fields.extend(r.contacts.keys().cloned());
                    if r.record_type.is_some() {
                        fields.insert("RecordTypeId".into());
                    }
                    if let Some(x) = &r.external_id {
                        fields.insert(x.field.clone());
                    }
                    if let Some(f) = &r.file {
                        fields.insert(f.field.clone());
                    }
                    if matches!(r.operation, Operation::Create | Operation::Upsert) {
                        w.creates.insert(r.sobject.clone());
                    }
                }
            }
        }
        Ok(w)
    }
}

fn playbook_error(source: &Source, diags: Vec<Diagnostic>) -> Error {
    Error::user(format!("the playbook {} has errors.", source.path))
        .with_details(diags.iter().map(|d| d.render(Some(&source.text))).collect())
        .with_hint(format!(
            "fix them, then check with: cs playbook lint {}",
            source.path
        ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A playbook's Debug form without the spans' character offsets, which
    /// the compiled form does not keep.
    fn without_offsets(p: &impl std::fmt::Debug) -> String {
        let s = format!("{p:?}");
        let mut out = String::with_capacity(s.len());
        let mut rest = s.as_str();
        while let Some(i) = rest.find("span: Span {") {
            out.push_str(&rest[..i]);
            let after = &rest[i..];
            let end = after.find('}').expect("a span's end") + 1;
            rest = &after[end..];
        }
        out.push_str(rest);
        out
    }

    /// Each built-in playbook as build.rs compiled it is the playbook its
    /// YAML gives: the same values, each at the same line and column.
    #[test]
    fn compiled_playbooks_are_their_yaml() {
        for (id, text) in EMBEDDED {
            let source = Source::embedded(id, text);
            let yaml = parse_yaml(&source).unwrap_or_else(|d| panic!("{id}: {}", d.message));
            let compiled = compiled(&source).unwrap_or_else(|| panic!("{id}: not compiled"));
            let (a, b) = (without_offsets(&yaml), without_offsets(&compiled));
            let known = a.matches("Location { line: ").count() - a.matches("line: 0,").count();
            assert!(known > 10, "{id}: lines and columns are compared");
            assert_eq!(a, b, "{id}");
        }
        // Another text under a built-in name is read as YAML.
        let mut other = Source::embedded("escalation", EMBEDDED[1].1);
        other.text.to_mut().push_str("\n# changed\n");
        assert!(compiled(&other).is_none());
    }

    /// A built-in form is read when asked for; one whose JSON does not
    /// read (a build gone wrong) is read from the playbook's YAML.
    #[test]
    fn built_in_forms_are_read_when_asked_for() {
        let source = Source::embedded("escalation", EMBEDDED[1].1);
        let yaml = parse_yaml(&source).unwrap();
        let compiled = compiled(&source).unwrap();
        let names: Vec<&String> = compiled.forms.keys().collect();
        assert_eq!(names, yaml.forms.keys().collect::<Vec<_>>());
        assert!(names.len() >= 3, "{names:?}");
        let c = COMPILED.iter().find(|c| c.id == "escalation").unwrap();
        let (name, json) = c.forms.lines().next().unwrap().split_once('\t').unwrap();
        let broken = &json[..json.len() / 2];
        let from_yaml = yaml.forms.get_key_value(name).unwrap().1;
        assert_eq!(
            without_offsets(&read_form(name, json)),
            without_offsets(from_yaml)
        );
        // Read from the YAML, offsets and all.
        assert_eq!(
            format!("{:?}", read_form(name, broken)),
            format!("{from_yaml:?}")
        );
        assert_eq!(
            format!("{:?}", read_form(name, "not JSON")),
            format!("{:?}", model::Form::default())
        );
    }

    /// A built-in playbook is read once per process and shared; another
    /// text under its name is read on its own.
    #[test]
    fn built_in_playbooks_are_read_once() {
        let library = Library::default();
        let (a, b) = (
            library.load("transition").unwrap(),
            library.load("transition").unwrap(),
        );
        assert!(Arc::ptr_eq(&a.playbook, &b.playbook));
        let mut other = Source::embedded("transition", EMBEDDED[2].1);
        other.text.to_mut().push_str("\n# changed\n");
        let c = read_shared(&other).unwrap();
        assert!(!Arc::ptr_eq(&a.playbook, &c));
        assert!(!Arc::ptr_eq(&c, &read_shared(&other).unwrap()));
    }

    /// build.rs's digest of each built-in playbook is its text's; another
    /// text under a built-in name gets its own.
    #[test]
    fn built_in_digests_are_their_texts() {
        for (id, text) in EMBEDDED {
            let source = Source::embedded(id, text);
            assert!(built_in(&source).is_some(), "{id}");
            assert_eq!(
                source.sha256(),
                crate::digest::sha256_hex(text.as_bytes(), 32),
                "{id}"
            );
        }
        let mut other = Source::embedded("escalation", EMBEDDED[1].1);
        other.text.to_mut().push_str("\n# changed\n");
        assert_eq!(
            other.sha256(),
            crate::digest::sha256_hex(other.text.as_bytes(), 32)
        );
        assert_ne!(
            other.sha256(),
            Source::embedded("escalation", EMBEDDED[1].1).sha256()
        );
    }
}
