//! The SOP rule catalog (../shared/SOP-RULES.md): every rule ID a playbook
//! may cite in a checklist item or schedule step. The catalog is data,
//! playbooks/rules.yaml, built into the binary like the playbooks.

use serde::Deserialize;
use std::sync::OnceLock;

/// The catalog's file name in playbooks/; it is not a playbook.
pub const FILE: &str = "rules.yaml";

const TEXT: &str = include_str!("../../playbooks/rules.yaml");

/// One rule of the catalog.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub id: String,
    pub title: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Catalog {
    rules: Vec<Rule>,
}

/// The rules, in catalog order. (A unit test proves the embedded file
/// parses; were it not to, every ID would be unknown and lint would say so.)
pub fn all() -> &'static [Rule] {
    static RULES: OnceLock<Vec<Rule>> = OnceLock::new();
    RULES.get_or_init(|| {
        serde_saphyr::from_str::<Catalog>(TEXT)
            .map(|c| c.rules)
            .unwrap_or_default()
    })
}

pub fn is_known(id: &str) -> bool {
    all().iter().any(|r| r.id == id)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_embedded_catalog_parses_with_unique_ids() {
        let c: super::Catalog = serde_saphyr::from_str(super::TEXT).expect("rules.yaml parses");
        let mut ids: Vec<&str> = c.rules.iter().map(|r| r.id.as_str()).collect();
        assert!(ids.len() >= 49, "{ids:?}");
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), c.rules.len(), "duplicate IDs");
        assert!(super::is_known("O8") && super::is_known("B1") && !super::is_known("X1"));
    }
}
