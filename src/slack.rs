//! Posting plan messages to a Slack incoming webhook. The webhook URL is a
//! secret (anyone holding it can post): it is registered for redaction and
//! never printed. Slack allows about one message a second per webhook, so
//! cs spaces them; 429 and server errors are retried with Retry-After,
//! while 400, 403, 404 and 410 mean the webhook or payload is wrong and no
//! retry will help.

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

impl Webhook {
    /// The webhook from SLACK_WEBHOOK_URL, or None when it is unset.
    pub fn from_env(retries: u32) -> Result<Option<Self>, String> {
        let Some(raw) = std::env::var("SLACK_WEBHOOK_URL")
            .ok()
            .filter(|v| !v.trim().is_empty())
        else {
            return Ok(None);
        };
        let secret = Secret::whole(raw.trim());
        if secret.expose().chars().any(char::is_control) {
            return Err("SLACK_WEBHOOK_URL holds a line break or another control character; copy the webhook URL again.".into());
        }
        let url = reqwest::Url::parse(secret.expose())
            .map_err(|_| "SLACK_WEBHOOK_URL is not a URL.".to_string())?;
        check_scheme(&url, "SLACK_WEBHOOK_URL")?;
        // Anyone with the path can post: Slack and proxies may echo it, or
        // a part of it, so each part is a secret too.
        crate::redact::register(url.path());
        for seg in url.path_segments().into_iter().flatten().skip(1) {
            crate::redact::register(seg);
        }
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
        // 429 and 5xx mean Slack did not post: resending is safe.
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
        let body = crate::redact::clean(reply.body.trim());
        match reply.status {
            200..=299 => Ok(()),
            400 | 403 | 404 | 410 => Err(PostError::Config(format!(
                "Slack refused the message ({} {body}): {}",
                reply.status,
                match body.as_str() {
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
            s => Err(PostError::Remote(format!("Slack answered {s}: {body}"))),
        }
    }
}
