//! A playbook's further forms (`forms:`), by name, in the playbook's order.
//!
//! A form read from YAML is read with the rest of the file. A built-in
//! playbook's forms wait as the JSON build.rs compiled them and are read
//! the first time they are asked for: a command runs one form, and a
//! plan of `cs escalate` no longer reads the three others (almost half of
//! the escalation playbook) at every run. Whatever asks (a form by name,
//! all of them, their JSON or Debug text) sees the same values either way.

use indexmap::IndexMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::sync::OnceLock;

/// Forms by name; `F` is the playbook format's `Form`.
#[derive(Clone)]
pub struct Forms<F> {
    entries: IndexMap<String, Entry<F>>,
}

#[derive(Clone)]
enum Entry<F> {
    Read(F),
    /// A built-in form: its JSON, the reader of it, and the form once read.
    Unread {
        json: &'static str,
        read: Reader<F>,
        form: OnceLock<F>,
    },
}

/// Reads a form's JSON (the form's name and JSON); it never fails: a form
/// whose JSON does not read is read from its playbook's YAML instead.
pub type Reader<F> = fn(&str, &'static str) -> F;

impl<F> Default for Forms<F> {
    fn default() -> Self {
        Self {
            entries: IndexMap::new(),
        }
    }
}

impl<F> Forms<F> {
    /// Forms read when first asked for: (name, JSON) in the playbook's order.
    pub fn unread(
        forms: impl IntoIterator<Item = (String, &'static str)>,
        read: Reader<F>,
    ) -> Self {
        let entries = forms
            .into_iter()
            .map(|(name, json)| {
                let entry = Entry::Unread {
                    json,
                    read,
                    form: OnceLock::new(),
                };
                (name, entry)
            })
            .collect();
        Self { entries }
    }

    /// The form `name` and its name as the playbook spells it.
    pub fn get_key_value(&self, name: &str) -> Option<(&String, &F)> {
        let (k, entry) = self.entries.get_key_value(name)?;
        Some((k, entry.get(k)))
    }

    /// The forms' names, in the playbook's order.
    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.entries.keys()
    }

    /// The forms, in the playbook's order.
    pub fn values(&self) -> impl Iterator<Item = &F> {
        self.iter().map(|(_, f)| f)
    }

    /// Names and forms, in the playbook's order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &F)> {
        self.entries.iter().map(|(k, e)| (k, e.get(k)))
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl<F> Entry<F> {
    fn get(&self, name: &str) -> &F {
        match self {
            Entry::Read(form) => form,
            Entry::Unread { json, read, form } => form.get_or_init(|| read(name, json)),
        }
    }

    #[cfg(test)]
    fn is_read(&self) -> bool {
        match self {
            Entry::Read(_) => true,
            Entry::Unread { form, .. } => form.get().is_some(),
        }
    }
}

impl<F> FromIterator<(String, F)> for Forms<F> {
    fn from_iter<I: IntoIterator<Item = (String, F)>>(iter: I) -> Self {
        let entries = iter
            .into_iter()
            .map(|(name, form)| (name, Entry::Read(form)))
            .collect();
        Self { entries }
    }
}

impl<'de, F: Deserialize<'de>> Deserialize<'de> for Forms<F> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(IndexMap::<String, F>::deserialize(d)?.into_iter().collect())
    }
}

impl<F: Serialize> Serialize for Forms<F> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.iter())
    }
}

impl<F: fmt::Debug> fmt::Debug for Forms<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(name: &str, json: &'static str) -> Vec<u32> {
        serde_json::from_str(json).unwrap_or_else(|_| vec![name.len() as u32])
    }

    #[test]
    fn unread_forms_read_when_asked_and_look_like_read_ones() {
        let unread = Forms::unread(
            [("b".to_string(), "[1,2]"), ("a".to_string(), "not json")],
            read,
        );
        let read_now: Forms<Vec<u32>> = serde_json::from_str(r#"{"b":[1,2],"a":[1]}"#).unwrap();
        assert!(unread.entries.values().all(|e| !e.is_read()));
        assert_eq!(
            unread.get_key_value("b"),
            Some((&"b".to_string(), &vec![1, 2]))
        );
        assert!(!unread.entries["a"].is_read(), "only the form asked for");
        assert_eq!(format!("{unread:?}"), format!("{read_now:?}"));
        assert_eq!(
            serde_json::to_string(&unread).unwrap(),
            serde_json::to_string(&read_now).unwrap()
        );
        assert_eq!(unread.keys().collect::<Vec<_>>(), ["b", "a"]);
        assert_eq!(unread.len(), 2);
        assert!(unread.get_key_value("c").is_none());
    }
}
