//! Writing records: upserts by External ID (alone, or 200 to an sObject
//! Collections call), creates, updates by Id and deletes, each answer
//! taken only in the form Salesforce documents for it, and a lost answer
//! settled by reading the records back before anything is sent again.

use super::http::Reply;
use super::*;

/// Takes a well-formed sObject Collections answer apart: the results, the
/// pending records they answer, the answers so far.
type ReadResults<'a> = dyn Fn(&[Json], &[usize], &mut [Option<Answer>]) + 'a;

/// Reads pending records back: those Salesforce holds as sent.
type CheckHeld<'a, 'h> =
    dyn FnMut(&mut Salesforce<'h>, &[usize]) -> Result<Vec<(usize, Written)>, Failure> + 'a;

/// The record a write answer names: a JSON object with the record's Id, as
/// Salesforce documents for create and upsert. Anything else (an HTML page
/// from a proxy or a login portal, an empty body) is no answer at all.
fn written(r: &Reply) -> Option<Written> {
    let w = written_item(&r.parsed()?)?;
    Some(Written {
        created: w.created || r.status == 201,
        ..w
    })
}

/// The record one result names (a write's answer, or one result of a
/// Collections call): a record Id, and `success` not false.
fn written_item(j: &Json) -> Option<Written> {
    let id = j.get("id")?.as_str().filter(|id| limits::is_id(id))?;
    if j.get("success").is_some_and(|s| s != &Json::Bool(true)) {
        return None;
    }
    Some(Written {
        id: Some(id.to_string()),
        created: j["created"] == Json::Bool(true),
    })
}

/// Is `item` one result of an sObject Collections call: an object with a
/// `success` flag?
fn is_result(item: &Json) -> bool {
    item.get("success").is_some_and(Json::is_boolean)
}

/// Why an answer is not Salesforce's, for the journal and the person.
fn not_salesforce(r: &Reply) -> String {
    format!(
        "the answer is not the one Salesforce documents for this call ({}); is the instance URL the org's own (not a login portal or a proxy)?",
        r.describe()
    )
}

impl<'h> Salesforce<'h> {
    /// PATCH /sobjects/{sobject}/{field}/{value}: creates or updates the
    /// record whose External ID `field` is `value`.
    pub fn upsert(
        &mut self,
        sobject: &str,
        field: &str,
        value: &str,
        body: &IndexMap<String, Json>,
    ) -> Result<Written, Failure> {
        let url = self
            .url(&["sobjects", sobject, field, value])
            .map_err(Failure::Stop)?;
        let payload = Json::Object(body.clone().into_iter().collect());
        let mut checks = 0;
        loop {
            let lost = match self.call(Method::PATCH, &url, &[], Body::Json(&payload), true) {
                Ok(r) if r.ok() => match written(&r) {
                    Some(w) if w.is_of(sobject) => return Ok(w),
                    _ => not_salesforce(&r),
                },
                Ok(r) => return Err(Failure::Record(errors(&r))),
                Err(Failure::Unknown(m)) => m,
                Err(e) => return Err(e),
            };
            if checks >= self.retries {
                return Err(Failure::Unknown(lost));
            }
            checks += 1;
            // Was it written before the answer was lost?
            if let Some(w) = self.check_external_id(&url, body)? {
                return Ok(w);
            }
            self.http
                .wait(url.path(), checks, None)
                .map_err(|_| Failure::Stop(Error::interrupted("interrupted.")))?;
        }
    }

    /// PATCH /composite/sobjects/{sobject}/{field}: creates or updates up to
    /// [`COLLECTION_MAX`] records of one object by their External ID
    /// `field` (sObject Collections upsert, API 46+, allOrNone false). The
    /// results come back in the order of the records, one each (counted);
    /// a call whose answer is lost, or is not Salesforce's, is settled
    /// record by record: each is read back by its External ID, and those
    /// not held as sent go in the next attempt.
    pub fn upsert_collection(
        &mut self,
        sobject: &str,
        field: &str,
        records: &[(&str, &IndexMap<String, Json>)],
    ) -> Result<Vec<Answer>, Failure> {
        let url = self
            .url(&["composite", "sobjects", sobject, field])
            .map_err(Failure::Stop)?;
        let body = |pending: &[usize]| {
            upsert_collection_body(sobject, field, pending.iter().map(|&i| records[i]))
        };
        // In the order of the records, as documented.
        let read = |a: &[Json], pending: &[usize], answers: &mut [Option<Answer>]| {
            for (item, &i) in a.iter().zip(pending) {
                answers[i] = Some(if item["success"] == Json::Bool(true) {
                    match written_item(item) {
                        Some(w) if w.is_of(sobject) => Answer::Written(w),
                        Some(_) => Answer::Unknown(format!(
                            "Salesforce said success but named a record that is not a {sobject}"
                        )),
                        None => {
                            Answer::Unknown("Salesforce said success but gave no record Id".into())
                        }
                    }
                } else {
                    Answer::Refused(error_list(&item["errors"]))
                });
            }
        };
        let mut check = |sf: &mut Self, pending: &[usize]| {
            let mut held = Vec::new();
            for &i in pending {
                let (value, fields) = records[i];
                let one = sf
                    .url(&["sobjects", sobject, field, value])
                    .map_err(Failure::Stop)?;
                if let Some(w) = sf.check_external_id(&one, fields)? {
                    held.push((i, w));
                }
            }
            Ok(held)
        };
        self.collection(&url, records.len(), &body, &read, &mut check)
    }

    /// Sends an sObject Collections call for `n` records (the `body` of the
    /// pending ones) until each has an answer: `read` takes a well-formed
    /// answer (one result per record) apart; a lost or malformed one, or
    /// results that name other records, are settled by `check`, which
    /// reads the records back and returns those Salesforce holds as sent;
    /// the rest go again, up to the retries, then are unknown.
    fn collection(
        &mut self,
        url: &Url,
        n: usize,
        body: &dyn Fn(&[usize]) -> Json,
        read: &ReadResults,
        check: &mut CheckHeld<'_, 'h>,
    ) -> Result<Vec<Answer>, Failure> {
        let mut answers: Vec<Option<Answer>> = vec![None; n];
        let mut pending: Vec<usize> = (0..n).collect();
        let mut checks = 0;
        while !pending.is_empty() {
            let sent = body(&pending);
            let lost = match self.call(Method::PATCH, url, &[], Body::Json(&sent), true) {
                Ok(r) if r.ok() => match r.parsed() {
                    Some(Json::Array(a)) if a.len() == pending.len() && a.iter().all(is_result) => {
                        read(&a, &pending, &mut answers);
                        pending.retain(|i| answers[*i].is_none());
                        if pending.is_empty() {
                            continue;
                        }
                        format!(
                            "Salesforce's results name records other than those sent ({} of {})",
                            pending.len(),
                            a.len()
                        )
                    }
                    Some(Json::Array(a)) => format!(
                        "Salesforce answered {} results for {} records",
                        a.len(),
                        pending.len()
                    ),
                    _ => not_salesforce(&r),
                },
                Ok(r) => {
                    let e = errors(&r);
                    for &i in &pending {
                        answers[i] = Some(Answer::Refused(e.clone()));
                    }
                    break;
                }
                Err(Failure::Unknown(m)) => m,
                Err(e) => return Err(e),
            };
            if checks >= self.retries {
                for &i in &pending {
                    answers[i] = Some(Answer::Unknown(lost.clone()));
                }
                break;
            }
            checks += 1;
            for (i, w) in check(self, &pending)? {
                answers[i] = Some(Answer::Written(w));
            }
            pending.retain(|i| answers[*i].is_none());
            if !pending.is_empty() {
                self.http
                    .wait(url.path(), checks, None)
                    .map_err(|_| Failure::Stop(Error::interrupted("interrupted.")))?;
            }
        }
        Ok(answers
            .into_iter()
            .map(|a| a.unwrap_or_else(|| Answer::Unknown("no answer".into())))
            .collect())
    }

    /// POST /sobjects/{sobject}: creates a record that has no External ID.
    /// Not idempotent: resent only when it never reached Salesforce.
    pub fn create(
        &mut self,
        sobject: &str,
        body: &IndexMap<String, Json>,
    ) -> Result<Written, Failure> {
        let url = self.url(&["sobjects", sobject]).map_err(Failure::Stop)?;
        let payload = Json::Object(body.clone().into_iter().collect());
        let r = self.call(Method::POST, &url, &[], Body::Json(&payload), false)?;
        // A server error may come after the record was saved: with no
        // External ID to read it back by, its outcome is unknown.
        if r.status >= 500 {
            return Err(Failure::Unknown(format!(
                "{}; the record may have been saved before the error: check Salesforce",
                errors(&r)
            )));
        }
        if !r.ok() {
            return Err(Failure::Record(errors(&r)));
        }
        match written(&r).filter(|w| w.is_of(sobject)) {
            Some(w) => Ok(Written { created: true, ..w }),
            None => Err(Failure::Unknown(not_salesforce(&r))),
        }
    }

    /// DELETE /sobjects/{sobject}/{id}: 204 when deleted; a record already
    /// gone (404, ENTITY_IS_DELETED) counts as deleted, so deleting twice
    /// deletes once.
    pub fn delete(&mut self, sobject: &str, id: &str) -> Result<(), Failure> {
        let url = self
            .url(&["sobjects", sobject, id])
            .map_err(Failure::Stop)?;
        let r = self.call(Method::DELETE, &url, &[], Body::None, true)?;
        if r.ok() || r.status == 404 || error_code(&r) == Some("ENTITY_IS_DELETED") {
            return Ok(());
        }
        Err(Failure::Record(errors(&r)))
    }

    /// GET /sobjects/{sobject}/{field}/{value}?fields=Id: the Id of the
    /// record whose External ID `field` is `value`, or `None` (404).
    pub fn id_by_external_id(
        &mut self,
        sobject: &str,
        field: &str,
        value: &str,
    ) -> Result<Option<String>, Failure> {
        let url = self
            .url(&["sobjects", sobject, field, value])
            .map_err(Failure::Stop)?;
        let r = self.call(Method::GET, &url, &[("fields", "Id")], Body::None, true)?;
        if r.status == 404 {
            return Ok(None);
        }
        if !r.ok() {
            return Err(Failure::Record(errors(&r)));
        }
        match r.json()["Id"].as_str() {
            Some(id) if limits::is_id(id) => Ok(Some(id.to_string())),
            _ => Err(Failure::Unknown(format!(
                "the answer to GET {} holds no record Id",
                url.path()
            ))),
        }
    }

    /// GET the record by External ID and compare it with what was sent:
    /// `Some` when Salesforce already holds exactly that.
    fn check_external_id(
        &mut self,
        url: &Url,
        body: &IndexMap<String, Json>,
    ) -> Result<Option<Written>, Failure> {
        let mut names: Vec<&str> = body.keys().map(String::as_str).collect();
        names.extend(["Id", "CreatedDate", "LastModifiedDate"]);
        let fields = names.join(",");
        let reply = match self.call(Method::GET, url, &[("fields", &fields)], Body::None, true) {
            Ok(r) => r,
            Err(Failure::Unknown(_)) => return Ok(None),
            Err(e) => return Err(e),
        };
        if !reply.ok() {
            return Ok(None);
        }
        let rec = reply.json();
        if !holds(&rec, body) {
            return Ok(None);
        }
        Ok(Some(Written {
            id: rec["Id"].as_str().map(str::to_string),
            created: rec["CreatedDate"].is_string()
                && rec["CreatedDate"] == rec["LastModifiedDate"],
        }))
    }

    /// PATCH /composite/sobjects: updates up to [`COLLECTION_MAX`] records
    /// by Id with allOrNone false. Each result is matched to its record by
    /// the Id it names (a refusal names none: refusals go, in order, to the
    /// records no result named, when their numbers agree); an answer that
    /// does not add up, or is lost, is settled by reading the records back
    /// by Id.
    pub fn update_collection(
        &mut self,
        records: &[(&str, &str, &IndexMap<String, Json>)],
    ) -> Result<Vec<Answer>, Failure> {
        let url = self
            .url(&["composite", "sobjects"])
            .map_err(Failure::Stop)?;
        let body = |pending: &[usize]| collection_body(pending.iter().map(|&i| records[i]));
        let read = |a: &[Json], pending: &[usize], results: &mut [Option<Answer>]| {
            let mut refusals = Vec::new();
            for item in a {
                let ok = item["success"] == Json::Bool(true);
                let named = item["id"].as_str().and_then(|id| {
                    pending
                        .iter()
                        .copied()
                        .find(|&i| same_id(records[i].1, id) && results[i].is_none())
                        .map(|i| (i, id))
                });
                match named {
                    Some((i, id)) => {
                        results[i] = Some(if ok {
                            Answer::Written(Written {
                                id: Some(id.to_string()),
                                created: false,
                            })
                        } else {
                            Answer::Refused(error_list(&item["errors"]))
                        });
                    }
                    None if !ok && item["id"].as_str().is_none() => {
                        refusals.push(error_list(&item["errors"]))
                    }
                    None => {}
                }
            }
            let unnamed: Vec<usize> = pending
                .iter()
                .copied()
                .filter(|&i| results[i].is_none())
                .collect();
            if unnamed.len() == refusals.len() {
                for (i, e) in unnamed.into_iter().zip(refusals) {
                    results[i] = Some(Answer::Refused(e));
                }
            }
        };
        let mut check = |sf: &mut Self, pending: &[usize]| {
            let held = sf.check_ids(records, pending)?;
            Ok(held
                .into_iter()
                .map(|i| {
                    let w = Written {
                        id: Some(records[i].1.to_string()),
                        created: false,
                    };
                    (i, w)
                })
                .collect())
        };
        self.collection(&url, records.len(), &body, &read, &mut check)
    }

    /// Which of `pending` does Salesforce already hold as sent? GET
    /// /composite/sobjects/{sobject}?ids=...&fields=... per object.
    fn check_ids(
        &mut self,
        records: &[(&str, &str, &IndexMap<String, Json>)],
        pending: &[usize],
    ) -> Result<Vec<usize>, Failure> {
        let mut by_object: IndexMap<&str, Vec<usize>> = IndexMap::new();
        for &i in pending {
            by_object.entry(records[i].0).or_default().push(i);
        }
        let mut held = Vec::new();
        for (sobject, idx) in by_object {
            let ids: Vec<&str> = idx.iter().map(|&i| records[i].1).collect();
            let mut names: Vec<&str> = Vec::new();
            for &i in &idx {
                for k in records[i].2.keys() {
                    if !names.contains(&k.as_str()) {
                        names.push(k);
                    }
                }
            }
            if !names.contains(&"Id") {
                names.push("Id");
            }
            let url = self
                .url(&["composite", "sobjects", sobject])
                .map_err(Failure::Stop)?;
            let (ids, fields) = (ids.join(","), names.join(","));
            let reply = match self.call(
                Method::GET,
                &url,
                &[("ids", &ids), ("fields", &fields)],
                Body::None,
                true,
            ) {
                Ok(r) if r.ok() => r.json(),
                Ok(_) | Err(Failure::Unknown(_)) => continue,
                Err(e) => return Err(e),
            };
            let got = reply.as_array().cloned().unwrap_or_default();
            for &i in &idx {
                let id = records[i].1;
                let found = got
                    .iter()
                    .find(|r| r["Id"].as_str().is_some_and(|x| same_id(x, id)));
                if found.is_some_and(|r| holds(r, records[i].2)) {
                    held.push(i);
                }
            }
        }
        Ok(held)
    }
}
