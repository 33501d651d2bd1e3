//! Posting plan messages to a Slack incoming webhook. The webhook URL is a
//! secret (anyone holding it can post): it is registered for redaction and
//! never printed. Slack allows about one message a second per webhook, so
//! cs spaces them; 429 is retried with Retry-After (Slack did not post);
//! a server error or any answer but `ok` may follow a post, so its outcome
//! is unknown and it is never resent; 400, 403, 404 and 410 mean the
//! webhook or payload is wrong and no retry will help.

use crate::effect::{Item, What};
use crate::engine::diff::{Action, Change};
use crate::engine::journal::Outcome;
use crate::engine::run::{Inverse, Run, System, interrupted};
use crate::engine::undo::Done;
use crate::error::Error;
use crate::plan::Message;
use crate::redact::Secret;
use crate::salesforce::http::{CallError, Http, Policy, SLACK, check_scheme};
use serde_json::json;
use std::time::{Duration, Instant};

pub struct Webhook {
    url: reqwest::Url,
    last: Option<Instant>,
    retries: u32,
}

/// Why a message was not posted.
#[derive(Debug)]
pub enum PostError {
    /// The webhook or payload is wrong: a person must fix it.
    Config(String),
    /// Slack failed (or kept limiting) after the retries.
    Remote(String),
    /// The post may or may not have arrived; it is not resent.
    Unknown(String),
    /// The run must stop before this post (Slack asks to wait too long).
    Stop(crate::error::Error),
    Interrupted,
}

/// The webhook body of a message: its text (the notification fallback) and
/// its blocks.
pub fn payload(m: &Message) -> serde_json::Value {
    let mut payload = json!({ "text": m.text });
    if let Some(b) = &m.blocks {
        payload["blocks"] = b.clone();
    }
    payload
}

/// Block Kit's limits, as Slack documents them: a message of at most 50
/// blocks and 40,000 characters of text; a header's text at most 150; a
/// section's text at most 3,000, its fields at most 10 of 2,000 each.
pub const MAX_BLOCKS: usize = 50;
pub const MAX_TEXT: usize = 40_000;
pub const MAX_HEADER: usize = 150;
pub const MAX_SECTION_TEXT: usize = 3_000;
pub const MAX_FIELDS: usize = 10;
pub const MAX_FIELD_TEXT: usize = 2_000;

/// What in `m` Slack would refuse, checked offline: one line per problem.
pub fn over_limits(m: &Message) -> Vec<String> {
    let mut out = Vec::new();
    let len = |v: &serde_json::Value| v.as_str().map_or(0, |s| s.chars().count());
    let n = m.text.chars().count();
    if n > MAX_TEXT {
        out.push(format!(
            "its text is {n} characters; Slack takes {MAX_TEXT}"
        ));
    }
    let Some(blocks) = m.blocks.as_ref().and_then(|b| b.as_array()) else {
        return out;
    };
    if blocks.len() > MAX_BLOCKS {
        out.push(format!(
            "it has {} blocks; Slack takes {MAX_BLOCKS}",
            blocks.len()
        ));
    }
    for (i, b) in blocks.iter().enumerate() {
        let at = format!("block {} ({})", i + 1, b["type"].as_str().unwrap_or("?"));
        match b["type"].as_str() {
            Some("header") => {
                let n = len(&b["text"]["text"]);
                if n > MAX_HEADER {
                    out.push(format!(
                        "{at}: its text is {n} characters; a header takes {MAX_HEADER}"
                    ));
                }
            }
            Some("section") => {
                let n = len(&b["text"]["text"]);
                if n > MAX_SECTION_TEXT {
                    out.push(format!(
                        "{at}: its text is {n} characters; a section takes {MAX_SECTION_TEXT}"
                    ));
                }
                let fields = b["fields"]
                    .as_array()
                    .map(Vec::as_slice)
                    .unwrap_or_default();
                if fields.len() > MAX_FIELDS {
                    out.push(format!(
                        "{at}: it has {} fields; a section takes {MAX_FIELDS}",
                        fields.len()
                    ));
                }
                for (j, f) in fields.iter().enumerate() {
                    let n = len(&f["text"]);
                    if n > MAX_FIELD_TEXT {
                        out.push(format!(
                            "{at}: field {} is {n} characters; a field takes {MAX_FIELD_TEXT}",
                            j + 1
                        ));
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// Refuses messages Slack would refuse, naming each problem.
pub fn check_limits<'m>(
    messages: impl IntoIterator<Item = &'m Message>,
) -> Result<(), crate::error::Error> {
    let mut problems = Vec::new();
    for m in messages {
        for p in over_limits(m) {
            problems.push(format!("the Slack message to {}: {p}", m.channel));
        }
    }
    if problems.is_empty() {
        return Ok(());
    }
    Err(crate::error::Error::user(format!(
        "Slack would refuse {}:\n  {}",
        if problems.len() == 1 { "this" } else { "these" },
        problems.join("\n  ")
    ))
    .with_hint("shorten the answers the message shows, or cut them in the playbook's template with | shorten(N)"))
}

impl Webhook {
    /// The webhook from SLACK_WEBHOOK_URL, or None when it is unset.
    pub fn from_env(retries: u32) -> Result<Option<Self>, String> {
        let Some(raw) = std::env::var("SLACK_WEBHOOK_URL")
            .ok()
            .filter(|v| !v.trim().is_empty())
        else {
            return Ok(None);
        };
        crate::redact::register_webhook(raw.trim());
        let secret = Secret::whole(raw.trim());
        if secret.expose().chars().any(char::is_control) {
            return Err("SLACK_WEBHOOK_URL holds a line break or another control character; copy the webhook URL again.".into());
        }
        let url = reqwest::Url::parse(secret.expose())
            .map_err(|_| "SLACK_WEBHOOK_URL is not a URL.".to_string())?;
        check_scheme(&url, "SLACK_WEBHOOK_URL")?;
        Ok(Some(Self {
            url,
            last: None,
            retries,
        }))
    }

    /// Posts one message: its text (the notification fallback) and blocks.
    pub fn post(&mut self, http: &Http, m: &Message) -> Result<(), PostError> {
        if let Some(last) = self.last {
            let gap = Duration::from_secs(1).saturating_sub(last.elapsed());
            crate::salesforce::http::sleep_interruptibly(gap)
                .map_err(|_| PostError::Interrupted)?;
        }
        let payload = payload(m);
        let policy = Policy {
            retry_statuses: SLACK,
            retries: self.retries,
        };
        let url = self.url.clone();
        // 429 means Slack did not post: resending is safe. A 5xx may come
        // after the post (a 504 from a proxy): never resent.
        let result = http.send("POST <SLACK_WEBHOOK_URL>", true, policy, &|c| {
            c.post(url.clone()).json(&payload)
        });
        self.last = Some(Instant::now());
        let reply = match result {
            Ok(r) => r,
            Err(CallError::Interrupted) => return Err(PostError::Interrupted),
            Err(CallError::WaitTooLong(d)) => {
                return Err(PostError::Stop(
                    crate::error::Error::remote(format!(
                        "Slack asks cs to wait {} before the next message (Retry-After); nothing more was sent.",
                        crate::salesforce::http::wait_words(d)
                    ))
                    .with_hint(format!(
                        "resume after {}",
                        crate::salesforce::http::after(d)
                    )),
                ));
            }
            Err(CallError::NotSent(m)) => {
                return Err(PostError::Remote(format!("cannot reach Slack: {m}")));
            }
            Err(CallError::Unknown(m)) => {
                return Err(PostError::Unknown(format!(
                    "Slack did not answer ({m}); the message may have been posted, so it is not sent again: check the channel"
                )));
            }
        };
        answer(reply.status, &reply.body)
    }
}

/// What Slack's answer to a post says. Only `ok` is a post: a webhook
/// answers 200 `ok` when the message is in the channel. Its errors are a
/// short code as the body (`invalid_payload`, `no_service`), quoted only
/// when it is one; any other body (a proxy's or a captive portal's HTML
/// page) is never printed.
fn answer(status: u16, body: &str) -> Result<(), PostError> {
    let body = body.trim();
    let code = Some(body).filter(|b| {
        !b.is_empty() && b.len() <= 64 && b.bytes().all(|c| c.is_ascii_lowercase() || c == b'_')
    });
    let said = match code {
        Some(c) => format!("{status} {c}"),
        None if body.is_empty() => format!("{status} with an empty body"),
        None if body.starts_with('<') => {
            format!("{status} with an HTML page rather than Slack's answer")
        }
        None => format!("{status} with a body that is not Slack's"),
    };
    match status {
        200 if body == "ok" => Ok(()),
        200..=299 => Err(PostError::Unknown(format!(
            "the answer was HTTP {said} (a proxy or a captive portal may have answered); the message may or may not be in the channel: check it"
        ))),
        400 | 403 | 404 | 410 => Err(PostError::Config(format!(
            "Slack refused the message ({said}): {}",
            match code.unwrap_or_default() {
                "invalid_payload" | "invalid_blocks" | "invalid_blocks_format" | "no_text" =>
                    "the message is malformed; fix the playbook's message template",
                "channel_is_archived" =>
                    "the webhook's channel is archived; unarchive it or create a new webhook",
                "action_prohibited" | "posting_to_general_channel_denied" =>
                    "the workspace does not allow this webhook to post there",
                "no_service" | "no_team" | "invalid_token" | "team_disabled" =>
                    "the webhook was removed or is wrong; create a new one and set SLACK_WEBHOOK_URL",
                _ => "check SLACK_WEBHOOK_URL and the webhook's channel",
            }
        ))),
        // Slack did not take it (rate limited past the retries).
        429 => Err(PostError::Remote(format!("Slack answered {said}"))),
        // A server error after the request arrived: Slack (or a proxy in
        // front of it) may have posted it before failing.
        500..=599 => Err(PostError::Unknown(format!(
            "Slack answered {said}; the message may have been posted before the error: check the channel"
        ))),
        _ => Err(PostError::Remote(format!("Slack answered {said}"))),
    }
}

/// Slack as a system of the engine: plan messages posted to the webhook
/// (claimed in the ledger first: a post must not leave twice), or printed
/// for posting by hand when there is no webhook.
pub struct Posts<'h> {
    pub hook: Option<Webhook>,
    pub http: &'h Http,
}

impl System<Item> for Posts<'_> {
    fn owns(&self, e: &Item) -> bool {
        matches!(e.what, What::Slack(_))
    }

    /// A post changes nothing that could be read first: each is a post.
    fn diff(&mut self, effects: &[&Item]) -> Result<Option<Vec<Change>>, Error> {
        Ok(Some(
            effects
                .iter()
                .map(|i| Change {
                    key: i.key.clone(),
                    what: i.label(),
                    action: Action::Post,
                    id: None,
                    fields: Vec::new(),
                    stale: None,
                    words: None,
                    detail: None,
                })
                .collect(),
        ))
    }

    /// A post is not taken back: each one the run posted is named as left.
    fn inverse(
        &mut self,
        _journal: &std::path::Path,
        done: &[Done],
    ) -> Result<Inverse<Item>, Error> {
        let left = done
            .iter()
            .filter(|d| crate::effect::is_slack_key(&d.key) && d.result["outcome"] == "sent")
            .map(|d| {
                format!(
                    "left in place: the Slack message {} (cs does not take a post back)",
                    d.key
                )
            })
            .collect();
        Ok(Inverse {
            effects: Vec::new(),
            left,
        })
    }

    fn apply(&mut self, effects: &[&Item], run: &mut Run<'_, Item>) -> Result<(), Error> {
        for item in effects {
            let What::Slack(m) = &item.what else {
                continue;
            };
            interrupted()?;
            let key = item.key.as_str();
            if run.held_for_its_plan(item)? {
                continue;
            }
            let Some(hook) = self.hook.as_mut() else {
                run.manual(
                    key,
                    &format!(
                        "SLACK_WEBHOOK_URL is not set; post this message by hand:\n{}",
                        m.text
                    ),
                )?;
                continue;
            };
            if !run.claim(item)? {
                continue;
            }
            run.sending(&[key])?;
            match hook.post(self.http, m) {
                Ok(()) => run.outcome(key, Outcome::Sent, None, None)?,
                Err(PostError::Interrupted) => {
                    return Err(run.stopped(&[key], Error::interrupted("interrupted.")));
                }
                Err(PostError::Stop(e)) => return Err(run.stopped(&[key], e)),
                Err(PostError::Config(e)) | Err(PostError::Remote(e)) => {
                    run.outcome(key, Outcome::Failed, None, Some(&e))?
                }
                Err(PostError::Unknown(e)) => run.outcome(key, Outcome::Unknown, None, Some(&e))?,
            }
            run.flush()?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn msg(text: &str, blocks: serde_json::Value) -> Message {
        Message {
            channel: "slack".into(),
            text: text.into(),
            blocks: Some(blocks),
        }
    }

    #[test]
    fn only_ok_is_a_post_and_no_foreign_body_is_quoted() {
        assert!(answer(200, "ok\n").is_ok());
        let unknown = |r: Result<(), PostError>| match r {
            Err(PostError::Unknown(m)) => m,
            other => panic!("{other:?}"),
        };
        let m = unknown(answer(200, "<html><title>Sign in to Wi-Fi</title></html>"));
        assert!(m.contains("HTTP 200 with an HTML page"), "{m}");
        assert!(!m.contains("Wi-Fi"), "{m}");
        assert!(unknown(answer(504, "")).contains("504 with an empty body"));
        assert!(unknown(answer(500, "rollup_error")).contains("500 rollup_error"));
        match answer(404, "no_service") {
            Err(PostError::Config(m)) => assert!(m.contains("(404 no_service)"), "{m}"),
            other => panic!("{other:?}"),
        }
        match answer(400, "invalid_payload /services/T0/B0/secret") {
            Err(PostError::Config(m)) => assert!(!m.contains("secret"), "{m}"),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            answer(429, "rate_limited"),
            Err(PostError::Remote(_))
        ));
    }

    #[test]
    fn block_kit_limits_are_checked_offline() {
        let ok = msg(
            "hi",
            json!([{"type": "header", "text": {"type": "plain_text", "text": "x".repeat(150)}},
                   {"type": "section", "text": {"type": "mrkdwn", "text": "y".repeat(3000)},
                    "fields": (0..10).map(|_| json!({"type": "mrkdwn", "text": "z".repeat(2000)})).collect::<Vec<_>>()}]),
        );
        assert_eq!(over_limits(&ok), Vec::<String>::new());
        let bad = msg(
            &"t".repeat(40_001),
            json!([{"type": "header", "text": {"type": "plain_text", "text": "é".repeat(151)}},
                   {"type": "section", "text": {"type": "mrkdwn", "text": "y".repeat(3001)},
                    "fields": (0..11).map(|i| json!({"type": "mrkdwn", "text": "z".repeat(1999 + i)})).collect::<Vec<_>>()}]),
        );
        assert_eq!(
            over_limits(&bad),
            vec![
                "its text is 40001 characters; Slack takes 40000",
                "block 1 (header): its text is 151 characters; a header takes 150",
                "block 2 (section): its text is 3001 characters; a section takes 3000",
                "block 2 (section): it has 11 fields; a section takes 10",
                "block 2 (section): field 3 is 2001 characters; a field takes 2000",
                "block 2 (section): field 4 is 2002 characters; a field takes 2000",
                "block 2 (section): field 5 is 2003 characters; a field takes 2000",
                "block 2 (section): field 6 is 2004 characters; a field takes 2000",
                "block 2 (section): field 7 is 2005 characters; a field takes 2000",
                "block 2 (section): field 8 is 2006 characters; a field takes 2000",
                "block 2 (section): field 9 is 2007 characters; a field takes 2000",
                "block 2 (section): field 10 is 2008 characters; a field takes 2000",
                "block 2 (section): field 11 is 2009 characters; a field takes 2000",
            ]
        );
        let many = msg(
            "hi",
            json!(
                (0..51)
                    .map(|_| json!({"type": "divider"}))
                    .collect::<Vec<_>>()
            ),
        );
        assert_eq!(over_limits(&many), vec!["it has 51 blocks; Slack takes 50"]);
    }
}
