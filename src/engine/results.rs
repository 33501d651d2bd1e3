//! A batch's results, row for row: what the journal says of the effects
//! each input row made, as a status (what the most was done, or the first
//! thing not confirmed), the Id the system gave its own record, the errors
//! and its key. The batch writes them beside the row (results.csv).

use super::journal::Past;

/// A row's status, its record's Id in the system, the errors and its key,
/// from the keys of the effects the row made (the first is the row's own
/// record), as the journal (`past`) says of each.
pub fn row(keys: &[String], past: &Past) -> (String, String, String, String) {
    let Some(first) = keys.first() else {
        return (
            "not_sent".into(),
            String::new(),
            "no record to send".into(),
            String::new(),
        );
    };
    let name = |key: &str| {
        past.outcomes.get(key).map_or("not_sent".to_string(), |e| {
            serde_json::to_value(e.outcome)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default()
        })
    };
    let confirmed = |key: &str| {
        past.outcomes
            .get(key)
            .is_some_and(|e| e.outcome.confirmed())
    };
    // Every record confirmed: what the most was done (created, updated,
    // deleted, unchanged); else the first record not confirmed.
    let rank = |o: &str| match o {
        "created" => 3,
        "updated" => 2,
        "deleted" => 1,
        _ => 0,
    };
    let status = match keys.iter().find(|k| !confirmed(k)) {
        Some(key) => name(key),
        None => keys
            .iter()
            .map(|k| name(k))
            .max_by_key(|o| rank(o))
            .unwrap_or_default(),
    };
    let mut errors = Vec::new();
    for (n, key) in keys.iter().enumerate() {
        if confirmed(key) {
            continue;
        }
        let why = past
            .outcomes
            .get(key)
            .and_then(|e| e.error.clone())
            .unwrap_or_else(|| "not sent".into());
        errors.push(match (n, key.split('/').collect::<Vec<_>>().as_slice()) {
            (0, _) => why,
            // `Opportunity/Id/006...` reads `Opportunity 006...`.
            (_, [object, "Id", id]) => format!("{object} {id}: {why}"),
            (_, [object, ..]) => format!("{object}: {why}"),
            _ => why,
        });
    }
    let id = past
        .outcomes
        .get(first)
        .and_then(|e| e.id.clone())
        .unwrap_or_default();
    (status, id, errors.join("; "), first.clone())
}
