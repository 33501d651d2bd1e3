//! Updates by Id: in sObject Collections calls of up to 200, or above the
//! threshold in Bulk API 2.0 ingest jobs, journaled before their data is
//! uploaded so that a run stopped mid-job reads the job back on resume.

use super::*;

/// An update ready to send: key, object, Id, fields (with its links filled).
type Pending<'a> = (
    &'a str,
    &'a str,
    String,
    std::borrow::Cow<'a, IndexMap<String, Json>>,
);

/// Rows per Bulk API job (well under its 100 MB upload limit).
const BULK_JOB_ROWS: usize = 10_000;

impl Writer<'_, '_> {
    pub(super) fn updates(&mut self, sf: &mut Salesforce, todo: &[&Item]) -> Result<(), Failure> {
        let opts = self.opts;
        let users = self.users.clone().unwrap_or_default();
        let mut updates: Vec<Pending> = Vec::new();
        let numbers: Vec<String> = todo
            .iter()
            .filter_map(|i| match &i.what {
                What::Update { id, .. } if !limits::is_id(id) => Some(id.clone()),
                _ => None,
            })
            .collect();
        let by_number = if numbers.is_empty() {
            Default::default()
        } else {
            sf.case_ids(&numbers)?
        };
        for i in todo {
            if let What::Update {
                sobject,
                id,
                fields,
                links,
            } = &i.what
            {
                let fields = if links.is_empty() {
                    std::borrow::Cow::Borrowed(fields)
                } else {
                    let mut f = fields.clone();
                    if let Err(e) = resolve(sf, &users, links, &mut f) {
                        self.fail_link(&i.key, e)?;
                        continue;
                    }
                    self.keep_sent(i, links, &f);
                    std::borrow::Cow::Owned(f)
                };
                let real = if limits::is_id(id) {
                    id.clone()
                } else if let Some(real) = by_number.get(id) {
                    real.clone()
                } else {
                    self.fail(
                        &i.key,
                        &format!("no case has the number {id}"),
                        Outcome::Failed,
                    )?;
                    continue;
                };
                updates.push((&i.key, sobject, real, fields));
            }
        }
        self.run.flush()?;
        if updates.len() > opts.bulk_threshold {
            return self.bulk(sf, &updates);
        }
        for chunk in updates.chunks(COLLECTION_MAX) {
            interrupted()?;
            let keys: Vec<&str> = chunk.iter().map(|(k, ..)| *k).collect();
            let recs: Vec<(&str, &str, &IndexMap<String, Json>)> = chunk
                .iter()
                .map(|(_, s, id, f)| (*s, id.as_str(), f.as_ref()))
                .collect();
            self.run.sending(&keys)?;
            let result = sf.update_collection(&recs);
            self.answers(
                &keys,
                result,
                "no answer, and the record does not hold the values sent; a resume sends it again (by Id, so it is written once)",
            )?;
        }
        Ok(())
    }

    fn bulk(&mut self, sf: &mut Salesforce, updates: &[Pending]) -> Result<(), Failure> {
        let mut by_object: IndexMap<&str, Vec<usize>> = IndexMap::new();
        for (n, u) in updates.iter().enumerate() {
            by_object.entry(u.1).or_default().push(n);
        }
        for (sobject, idx) in by_object {
            for part in idx.chunks(BULK_JOB_ROWS) {
                interrupted()?;
                let mut columns = vec!["Id".to_string()];
                for &n in part {
                    for k in updates[n].3.keys() {
                        if !columns.contains(k) {
                            columns.push(k.clone());
                        }
                    }
                }
                let rows: Vec<Vec<String>> = part
                    .iter()
                    .map(|&n| {
                        let (_, _, id, fields) = &updates[n];
                        columns
                            .iter()
                            .map(|c| {
                                if c == "Id" {
                                    id.clone()
                                } else {
                                    match fields.get(c) {
                                        None => String::new(),
                                        Some(Json::Null) => crate::batch::BULK_NULL.into(),
                                        Some(Json::String(s)) => s.clone(),
                                        Some(v) => v.to_string(),
                                    }
                                }
                            })
                            .collect()
                    })
                    .collect();
                let csv = bulk::upload_csv(&columns, &rows).map_err(Failure::Stop)?;
                let keys: Vec<(String, String)> = part
                    .iter()
                    .map(|&n| (updates[n].2.clone(), updates[n].0.to_string()))
                    .collect();
                let job = sf.bulk_create(sobject)?;
                self.run.job(&job, sobject, keys.clone())?;
                sf.bulk_upload(&job, &csv)?;
                let result = sf.bulk_finish(&job)?;
                let by_id: IndexMap<String, String> = keys.into_iter().collect();
                self.journal_job(&result, &by_id)?;
            }
        }
        Ok(())
    }

    /// Journals a finished job's results; returns the keys it reported.
    pub(super) fn journal_job(
        &mut self,
        r: &JobResult,
        by_id: &IndexMap<String, String>,
    ) -> Result<Vec<String>, Failure> {
        let opts = self.opts;
        // Looked up once per result row: a job has up to BULK_JOB_ROWS.
        let keys: std::collections::HashMap<&str, &String> =
            by_id.iter().map(|(id, key)| (id_key(id), key)).collect();
        let key_of = |id: &str| keys.get(id_key(id)).map(|key| (*key).clone());
        let mut seen = std::collections::HashSet::new();
        for (id, created) in &r.succeeded {
            if let Some(key) = key_of(id) {
                seen.insert(key.clone());
                let w = Written {
                    id: Some(id.clone()),
                    created: *created,
                };
                self.ok(&key, &w)?;
            }
        }
        for (id, error) in &r.failed {
            if let Some(key) = key_of(id) {
                seen.insert(key.clone());
                self.fail(&key, error, Outcome::Failed)?;
            }
        }
        if !r.failed.is_empty() {
            let path = opts
                .results_dir
                .join(format!("failed-results-{}.csv", r.job));
            // Server text: its secrets hidden, its control characters escaped.
            let csv = crate::redact::clean(&crate::out::escape_controls(&r.failed_csv, true));
            crate::files::write_atomic(&path, csv.as_bytes()).map_err(Failure::Stop)?;
            self.run.saved(path);
        }
        for key in by_id.values() {
            if !seen.contains(key) {
                let why = match &r.error {
                    Some(e) => format!("Bulk API job {} {}: {e}", r.job, r.state),
                    None => format!(
                        "Bulk API job {} ({}) did not report this record",
                        r.job, r.state
                    ),
                };
                self.fail(key, &why, Outcome::Failed)?;
            }
        }
        self.run.job_done(&r.job)?;
        Ok(by_id.values().cloned().collect())
    }
}
