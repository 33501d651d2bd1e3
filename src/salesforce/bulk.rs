//! Bulk API 2.0 ingest jobs for large updates: create the job, upload the
//! CSV, close it (UploadComplete), poll until Salesforce has processed it,
//! then read its successful and failed results. The failed results are
//! kept as Salesforce wrote them (a CSV with sf__Id and sf__Error) for CS
//! Operations to fix and re-run.

use super::http::Reply;
use super::http::sleep_interruptibly;
use super::{Body, Failure, Salesforce, errors};
use crate::error::Error;
use reqwest::Method;
use serde_json::{Value as Json, json};
use std::time::Duration;

/// What a finished job did.
#[derive(Debug, Default)]
pub struct JobResult {
    pub job: String,
    /// JobComplete, Failed or Aborted.
    pub state: String,
    /// Ids written, with sf__Created.
    pub succeeded: Vec<(String, bool)>,
    /// Ids refused, with sf__Error.
    pub failed: Vec<(String, String)>,
    /// The failedResults CSV as Salesforce returned it (header only when none failed).
    pub failed_csv: String,
    /// The job's errorMessage when the whole job failed.
    pub error: Option<String>,
}

/// The two kinds of Bulk API 2.0 job.
#[derive(Debug, Clone, Copy)]
enum Kind {
    Ingest,
    Query,
}

impl Kind {
    fn path(self) -> &'static str {
        match self {
            Kind::Ingest => "ingest",
            Kind::Query => "query",
        }
    }

    /// What to do after cs stopped waiting for a job.
    fn after_stop(self) -> &'static str {
        match self {
            Kind::Ingest => {
                "look at the job in Setup > Bulk Data Load Jobs; a resume reads its results back"
            }
            Kind::Query => "run the command again when Salesforce is less busy",
        }
    }
}

/// Records per set of query results asked for (Salesforce may send fewer).
const QUERY_SET: &str = "50000";

/// The body that creates an update job for `sobject`: CSV, comma, LF.
pub fn job_spec(sobject: &str) -> Json {
    json!({
        "object": sobject,
        "operation": "update",
        "contentType": "CSV",
        "columnDelimiter": "COMMA",
        "lineEnding": "LF",
    })
}

impl Salesforce<'_> {
    /// One call on a Bulk API resource. No answer, or a refusal, stops the
    /// run: `what` names the request in the message ("the request to ...").
    fn job_call(
        &mut self,
        method: Method,
        segments: &[&str],
        body: Body,
        what: &str,
    ) -> Result<Reply, Failure> {
        let url = self.url(segments).map_err(Failure::Stop)?;
        self.call_or_stop(method, &url, &[], body, what)
    }

    /// One call with its query parameters; no answer, or a refusal, stops
    /// the run, naming the request as `what`.
    fn call_or_stop(
        &mut self,
        method: Method,
        url: &reqwest::Url,
        query: &[(&str, &str)],
        body: Body,
        what: &str,
    ) -> Result<Reply, Failure> {
        let r = self
            .call(method, url, query, body, true)
            .map_err(|f| match f {
                Failure::Unknown(m) => {
                    Failure::Stop(Error::remote(format!("{what} got no answer: {m}.")))
                }
                other => other,
            })?;
        if !r.ok() {
            return Err(Failure::Stop(Error::remote(format!(
                "Salesforce refused {what}: {}",
                errors(&r)
            ))));
        }
        Ok(r)
    }

    /// Creates an update job for `sobject` and returns its Id. The caller
    /// journals the Id before uploading, so that a run that stops after this
    /// point finds the job again.
    pub fn bulk_create(&mut self, sobject: &str) -> Result<String, Failure> {
        let spec = job_spec(sobject);
        // A job that is created but never uploaded holds no data and is
        // never processed, so creating one again is harmless.
        let r = self.job_call(
            Method::POST,
            &["jobs", "ingest"],
            Body::Json(&spec),
            &format!("the request to create a Bulk API job for {sobject}"),
        )?;
        job_id(&r, "the Bulk API job reply")
    }

    /// Uploads `csv` to the open job and closes it (UploadComplete), after
    /// which Salesforce processes it.
    pub fn bulk_upload(&mut self, job: &str, csv: &str) -> Result<(), Failure> {
        self.job_call(
            Method::PUT,
            &["jobs", "ingest", job, "batches"],
            Body::Csv(csv),
            &format!("the upload of Bulk API job {job}"),
        )?;
        self.set_job_state(job, "UploadComplete", "close")
    }

    /// Moves a job to `state` (UploadComplete or Aborted).
    fn set_job_state(&mut self, job: &str, state: &str, verb: &str) -> Result<(), Failure> {
        self.job_call(
            Method::PATCH,
            &["jobs", "ingest", job],
            Body::Json(&json!({ "state": state })),
            &format!("the request to {verb} Bulk API job {job}"),
        )?;
        Ok(())
    }

    /// The job's information: its state (Open, UploadComplete, InProgress,
    /// JobComplete, Failed, Aborted), counts and errorMessage.
    pub fn bulk_info(&mut self, job: &str) -> Result<Json, Failure> {
        self.job_info(Kind::Ingest, job)
    }

    fn job_info(&mut self, kind: Kind, job: &str) -> Result<Json, Failure> {
        let r = self.job_call(
            Method::GET,
            &["jobs", kind.path(), job],
            Body::None,
            &format!("the request to read Bulk API job {job}"),
        )?;
        Ok(r.json())
    }

    /// Aborts a job that was never closed: its records are sent again.
    pub fn bulk_abort(&mut self, job: &str) -> Result<(), Failure> {
        self.set_job_state(job, "Aborted", "abort")
    }

    /// Polls the job until it is JobComplete, Failed or Aborted (waiting 1 s,
    /// then longer, up to 10 s between polls), saying how far it is every
    /// half minute, and returns its information. A job still running at
    /// the deadline, or in a state the Bulk API does not document for three
    /// polls in a row, stops the run.
    fn wait_for(&mut self, kind: Kind, job: &str) -> Result<Json, Failure> {
        let started = std::time::Instant::now();
        let mut wait = Duration::from_secs(1);
        let mut strange = 0;
        let mut said: Option<std::time::Instant> = None;
        loop {
            let info = self.job_info(kind, job)?;
            let state = info["state"].as_str().unwrap_or("").to_string();
            match state.as_str() {
                "JobComplete" | "Failed" | "Aborted" => return Ok(info),
                "Open" | "UploadComplete" | "InProgress" => strange = 0,
                _ => {
                    strange += 1;
                    if strange >= 3 {
                        return Err(Failure::Stop(Error::remote(format!(
                            "Bulk API job {job} is in a state the Bulk API does not document ('{}') after {strange} polls; cs stopped waiting.",
                            crate::redact::clean(&state.chars().take(40).collect::<String>())
                        )).with_hint(kind.after_stop())));
                    }
                }
            }
            if started.elapsed() >= self.bulk_wait {
                return Err(Failure::Stop(
                    Error::remote(format!(
                        "Bulk API job {job} is still {state} after {}; cs stopped waiting (the job goes on at Salesforce).",
                        super::http::wait_words(self.bulk_wait)
                    ))
                    .with_hint(format!("{}; --bulk-wait sets how long to wait", kind.after_stop())),
                ));
            }
            if said.is_none_or(|t| t.elapsed() >= Duration::from_secs(30)) {
                crate::out::note(&format!(
                    "Bulk API job {job}: {state}, {} records processed; waiting (Ctrl-C stops waiting{}).",
                    info["numberRecordsProcessed"].as_u64().unwrap_or(0),
                    match kind {
                        Kind::Ingest => "; the job goes on, and a resume reads it back",
                        Kind::Query => "",
                    }
                ));
                said = Some(std::time::Instant::now());
            }
            sleep_interruptibly(wait).map_err(|_| {
                Failure::Stop(Error::interrupted(format!(
                    "interrupted while Bulk API job {job} runs; it goes on at Salesforce."
                )))
            })?;
            wait = (wait * 2).min(Duration::from_secs(10));
        }
    }

    /// Polls an ingest job until it is done (see [`Self::wait_for`]), then
    /// reads its results. A job that stops the run is in the journal, and a
    /// resume reads it back.
    pub fn bulk_finish(&mut self, job: &str) -> Result<JobResult, Failure> {
        let info = self.wait_for(Kind::Ingest, job)?;
        let mut result = JobResult {
            job: job.to_string(),
            state: info["state"].as_str().unwrap_or("").to_string(),
            error: info["errorMessage"]
                .as_str()
                .filter(|s| !s.is_empty())
                .map(str::to_string),
            ..Default::default()
        };
        if result.state == "JobComplete" {
            let ok = self.bulk_results(job, "successfulResults")?;
            result.succeeded = read_results(&ok, "sf__Created")
                .into_iter()
                .map(|(id, c)| (id, c.eq_ignore_ascii_case("true")))
                .collect();
        }
        result.failed_csv = self.bulk_results(job, "failedResults")?;
        result.failed = read_results(&result.failed_csv, "sf__Error");
        Ok(result)
    }

    fn bulk_results(&mut self, job: &str, which: &str) -> Result<String, Failure> {
        let r = self.job_call(
            Method::GET,
            &["jobs", "ingest", job, which, ""],
            Body::None,
            &format!("the request for the {which} of Bulk API job {job}"),
        )?;
        Ok(r.body)
    }
}

impl Salesforce<'_> {
    /// Every record of `soql`, read by a Bulk API 2.0 query job: create the
    /// job, poll until it is JobComplete, then read its results set by set
    /// (`Sforce-Locator`), each a CSV. The records come back as the REST
    /// query gives them (relationship paths nested, an empty cell null),
    /// with every value as text.
    pub fn bulk_query(&mut self, soql: &str) -> Result<Vec<Json>, Failure> {
        let spec = json!({
            "operation": "query",
            "query": soql,
            "contentType": "CSV",
            "columnDelimiter": "COMMA",
            "lineEnding": "LF",
        });
        let r = self.job_call(
            Method::POST,
            &["jobs", "query"],
            Body::Json(&spec),
            "the request to create a Bulk API query job",
        )?;
        let job = job_id(&r, "the Bulk API query job reply")?;
        let info = self.wait_for(Kind::Query, &job)?;
        if info["state"] != "JobComplete" {
            return Err(Failure::Stop(Error::remote(format!(
                "Bulk API query job {job} ended {}: {}",
                info["state"].as_str().unwrap_or("?"),
                crate::redact::clean(info["errorMessage"].as_str().unwrap_or("no reason given"))
            ))));
        }
        let url = self
            .url(&["jobs", "query", &job, "results"])
            .map_err(Failure::Stop)?;
        let mut out = Vec::new();
        let mut locator: Option<String> = None;
        let mut seen = std::collections::HashSet::new();
        loop {
            if crate::interrupt::requested() {
                return Err(Failure::Stop(Error::interrupted(
                    "interrupted while reading a query job's results.",
                )));
            }
            let mut q = vec![("maxRecords", QUERY_SET)];
            if let Some(l) = &locator {
                q.push(("locator", l));
            }
            let what = format!("the request for the results of Bulk API query job {job}");
            let r = self.call_or_stop(Method::GET, &url, &q, Body::None, &what)?;
            out.extend(query_records(&r.body).map_err(|e| {
                Failure::Stop(Error::remote(format!(
                    "the results of Bulk API query job {job} are not a CSV: {e}."
                )))
            })?);
            if out.len() > MAX_QUERY_JOB_RECORDS {
                return Err(Failure::Stop(Error::remote(format!(
                    "the results of Bulk API query job {job} hold more than {MAX_QUERY_JOB_RECORDS} records; cs stopped reading them."
                ))));
            }
            // "null" (or no header) when there are no more sets.
            match r.locator.filter(|l| !l.is_empty() && l != "null") {
                Some(next) => {
                    if !seen.insert(next.clone()) || seen.len() >= super::MAX_PAGES {
                        return Err(Failure::Stop(Error::remote(format!(
                            "the results of Bulk API query job {job} name the set {} again; cs stopped reading them.",
                            crate::out::printable(&crate::redact::clean(
                                &next.chars().take(40).collect::<String>()
                            ))
                        ))));
                    }
                    locator = Some(next);
                }
                None => return Ok(out),
            }
        }
    }
}

/// The records of a query job's results CSV: a column per field path
/// (`Id`, `Owner.Name`), nested as the REST query nests them; an empty
/// cell is null.
pub fn query_records(csv_text: &str) -> Result<Vec<Json>, csv::Error> {
    let mut rdr = csv::ReaderBuilder::new().from_reader(csv_text.as_bytes());
    let headers = rdr.headers()?.clone();
    let mut out = Vec::new();
    for row in rdr.records() {
        let row = row?;
        let mut m = serde_json::Map::new();
        for (path, v) in headers.iter().zip(row.iter()) {
            let v = if v.is_empty() {
                Json::Null
            } else {
                Json::String(v.to_string())
            };
            put_path(&mut m, path, v);
        }
        out.push(Json::Object(m));
    }
    Ok(out)
}

/// Puts `value` at the field path `path` of a record (`Owner.Name` goes in
/// `{"Owner": {"Name": ...}}`).
fn put_path(m: &mut serde_json::Map<String, Json>, path: &str, value: Json) {
    match path.split_once('.') {
        None => {
            m.insert(path.to_string(), value);
        }
        Some((head, rest)) => {
            let entry = m
                .entry(head.to_string())
                .or_insert_with(|| Json::Object(Default::default()));
            if let Json::Object(inner) = entry {
                put_path(inner, rest, value);
            }
        }
    }
}

/// (record Id, `column`) of each row of a results CSV. Failed rows may
/// have an empty sf__Id; their Id column (the one cs uploaded) names them.
pub fn read_results(csv_text: &str, column: &str) -> Vec<(String, String)> {
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(csv_text.as_bytes());
    let Ok(headers) = rdr.headers().cloned() else {
        return Vec::new();
    };
    let pos = |name: &str| headers.iter().position(|h| h == name);
    let (sf_id, id, col) = (pos("sf__Id"), pos("Id"), pos(column));
    rdr.records()
        .filter_map(Result::ok)
        .filter_map(|r| {
            let get = |i: Option<usize>| i.and_then(|i| r.get(i)).unwrap_or("").to_string();
            let uploaded = get(id);
            let key = if uploaded.is_empty() {
                get(sf_id)
            } else {
                uploaded
            };
            (!key.is_empty()).then(|| (key, get(col)))
        })
        .collect()
}

/// The upload CSV: `Id` then `columns`, one row per record; an empty cell
/// leaves a field as it is (Bulk API 2.0 sets null only for `#N/A`).
pub fn upload_csv(columns: &[String], rows: &[Vec<String>]) -> Result<String, Error> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let fail = |e: csv::Error| Error::internal(format!("cannot build the Bulk API CSV: {e}"));
    w.write_record(columns).map_err(fail)?;
    for r in rows {
        w.write_record(r).map_err(fail)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| Error::internal(format!("cannot build the Bulk API CSV: {e}")))?;
    String::from_utf8(bytes).map_err(|e| Error::internal(e.to_string()))
}

/// The job Id a reply gives, checked to be a record Id before it goes into
/// a path, a file name or the journal (a server could name a job
/// `../../x`).
fn job_id(r: &crate::salesforce::http::Reply, what: &str) -> Result<String, Failure> {
    match r.json()["id"].as_str() {
        Some(id) if crate::salesforce::limits::is_id(id) => Ok(id.to_string()),
        Some(_) => Err(Failure::Stop(Error::remote(format!(
            "{what} names a job Id that is not a Salesforce Id; nothing more was sent."
        )))),
        None => Err(Failure::Stop(Error::remote(format!("{what} has no id.")))),
    }
}

/// The most records cs holds of one Bulk API query job (a book of a few
/// hundred thousand records is well under it).
pub const MAX_QUERY_JOB_RECORDS: usize = 2_000_000;

/// A read of more records than this goes to Bulk API 2.0 query jobs
/// (Salesforce's engine for large reads) rather than REST queries.
pub const BULK_READ_MIN: usize = 2_000;

/// Ids per Bulk API query job: its SOQL stays well under Salesforce's
/// 100,000 characters.
pub const BULK_IN_MAX: usize = 4_000;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_are_keyed_by_the_uploaded_id() {
        let failed = "\"sf__Id\",\"sf__Error\",Id,Customer_Success_Manager__c\n\"\",\"ENTITY_IS_DELETED:entity is deleted:--\",001000000000002AAA,Sam\n";
        assert_eq!(
            read_results(failed, "sf__Error"),
            vec![(
                "001000000000002AAA".to_string(),
                "ENTITY_IS_DELETED:entity is deleted:--".to_string()
            )]
        );
        let ok = "\"sf__Id\",\"sf__Created\",Id,Customer_Success_Manager__c\n001000000000001AAA,false,001000000000001AAA,Sam\n";
        assert_eq!(read_results(ok, "sf__Created")[0].1, "false");
    }

    #[test]
    fn query_results_read_as_records() {
        let csv = "\"Id\",\"Name\",\"Primary_Contact__r.Name\",\"MRR__c\"\n\"001A\",\"Acme, \"\"East\"\"\",\"Dana Smith\",\"\"\n";
        assert_eq!(
            query_records(csv).unwrap(),
            vec![json!({"Id": "001A", "Name": "Acme, \"East\"",
                        "Primary_Contact__r": {"Name": "Dana Smith"}, "MRR__c": null})]
        );
        assert!(query_records("").unwrap().is_empty());
    }

    #[test]
    fn upload_csv_quotes_as_rfc_4180_requires() {
        let csv = upload_csv(
            &["Id".into(), "Name".into()],
            &[vec!["001".into(), "Acme, \"East\"\nClinic".into()]],
        )
        .unwrap();
        assert_eq!(csv, "Id,Name\n001,\"Acme, \"\"East\"\"\nClinic\"\n");
    }
}
