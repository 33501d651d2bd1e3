//! One HTTP client for Salesforce, Slack and Recurly: rustls with the ring provider,
//! a timeout, and the retry policy of `cs submit`. Only the caller knows
//! whether a call is idempotent, so it says so; this module resends
//! idempotent calls on the statuses its [`Policy`] names and on connection
//! failures, with jittered exponential backoff or the server's Retry-After.
//! A call that may have reached the server but got no answer is never
//! resent here: it comes back as [`CallError::Unknown`] for the caller to
//! check first.

use crate::redact;
use reqwest::blocking::{Client, RequestBuilder};
use std::time::{Duration, Instant};

/// The reply to a call: status, the headers cs reads, and the body.
#[derive(Debug, Clone, Default)]
pub struct Reply {
    pub status: u16,
    pub retry_after: Option<Duration>,
    pub content_type: String,
    /// Bulk API 2.0 query results: the `Sforce-Locator` of the next set.
    pub locator: Option<String>,
    /// `X-RateLimit-Reset` (Recurly, Outreach): when the rate limit's
    /// count resets, in seconds since the UNIX epoch.
    pub rate_reset: Option<u64>,
    /// `X-RateLimit-Remaining`: the requests left until then.
    pub rate_remaining: Option<u64>,
    /// `Recurly-Total-Records`: how many records a list holds (the answer
    /// to a HEAD request of a list).
    pub total_records: Option<u64>,
    pub body: String,
}

impl Reply {
    pub fn ok(&self) -> bool {
        (200..300).contains(&self.status)
    }
    /// The body as JSON, or `Null` when it is not JSON.
    pub fn json(&self) -> serde_json::Value {
        self.parsed().unwrap_or(serde_json::Value::Null)
    }
    /// The body as JSON, when it is JSON.
    pub fn parsed(&self) -> Option<serde_json::Value> {
        serde_json::from_str(&self.body).ok()
    }
    /// The reply in a few words for an error message: status, type and
    /// the start of the body, secrets masked before it is cut.
    pub fn describe(&self) -> String {
        format!(
            "HTTP {} ({}) with {}",
            self.status,
            self.kind(),
            self.shape()
        )
    }

    /// The content type, as far as it is a media type (a server's text is
    /// never printed as it came).
    pub fn kind(&self) -> String {
        let media: String = self
            .content_type
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || "/+.-".contains(*c))
            .take(60)
            .collect();
        if media.is_empty() {
            "no content type".into()
        } else {
            media
        }
    }

    /// What the body is, in words, without quoting it: cs never prints a
    /// server's body verbatim (it may echo a secret, or hold escape
    /// sequences for the terminal that shows it).
    pub fn shape(&self) -> String {
        let b = self.body.trim();
        let what = if b.is_empty() {
            return "an empty body".into();
        } else if b.starts_with('<') {
            "an HTML page"
        } else if serde_json::from_str::<serde_json::Value>(b).is_ok() {
            "JSON that is not the documented answer"
        } else {
            "a body that is not JSON"
        };
        format!("{what} ({} bytes)", self.body.len())
    }
}

/// The most of a reply body cs reads: an error answer is quoted from it;
/// a successful one (a query page, Bulk API results) larger than this is
/// not an answer cs can trust.
pub const MAX_BODY: u64 = 1 << 20;
pub const MAX_OK_BODY: u64 = 64 << 20;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CallError {
    /// The request never reached the server (connection refused, no route):
    /// nothing happened there.
    #[error("could not connect: {0}")]
    NotSent(String),
    /// The request may have reached the server, but no answer came back
    /// (timeout, connection dropped): its outcome is unknown.
    #[error("no answer: {0}")]
    Unknown(String),
    /// Ctrl-C while waiting to retry.
    #[error("interrupted")]
    Interrupted,
    /// The server asks to wait longer than cs waits: nothing was done, and
    /// the run should stop and be resumed later.
    #[error("asked to wait {}", wait_words(*.0))]
    WaitTooLong(Duration),
}

/// A wait in words: "45 s", "12 min", "3 h 20 min".
pub fn wait_words(d: Duration) -> String {
    let s = d.as_secs();
    if s < 120 {
        format!("{s} s")
    } else if s < 3600 {
        format!("{} min", s.div_ceil(60))
    } else {
        format!("{} h {} min", s / 3600, (s % 3600) / 60)
    }
}

/// `path` (a path, or a next page's link) on `base`'s host: a link to
/// another host is refused, as the credentials go only where `var` says.
/// `system` names the server in errors ("Recurly", "Outreach").
pub fn join_on(
    base: &reqwest::Url,
    path: &str,
    system: &str,
    var: &str,
) -> Result<reqwest::Url, crate::error::Error> {
    use crate::error::Error;
    let url = base
        .join(path)
        .map_err(|e| Error::remote(format!("{system} gave a link cs cannot follow: {e}.")))?;
    if url.origin() != base.origin() {
        return Err(Error::remote(format!(
            "{system}'s next page is on another host ({}); cs sends its credentials only to {var}.",
            url.host_str().unwrap_or_default()
        )));
    }
    Ok(url)
}

/// How long until a rate limit's `reset` (epoch seconds, as
/// `X-RateLimit-Reset` gives it), at least a second; an unknown reset is
/// longer than `max`, the longest a client waits.
pub fn until_reset(reset: Option<u64>, max: Duration) -> Duration {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    match reset {
        Some(r) => Duration::from_secs(r.saturating_sub(now).max(1)),
        None => max + Duration::from_secs(1),
    }
}

/// A rate limit's `reset` (epoch seconds) in local time with its UTC
/// offset, when it is still to come (a reset already past says nothing of
/// when the limit is whole again).
pub fn reset_time(reset: Option<u64>) -> Option<String> {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    reset
        .filter(|&r| r > now)
        .and_then(|r| chrono::DateTime::from_timestamp(r as i64, 0))
        .map(|t| {
            t.with_timezone(&chrono::Local)
                .format("%Y-%m-%d %H:%M (UTC%:z)")
                .to_string()
        })
}

/// When a wait ends, in local time, for "resume after ...".
pub fn after(d: Duration) -> String {
    let when = chrono::Local::now() + chrono::Duration::from_std(d).unwrap_or_default();
    when.format("%Y-%m-%d %H:%M").to_string()
}

/// Which replies are worth sending again, and how often.
#[derive(Debug, Clone, Copy)]
pub struct Policy {
    /// Statuses that mean "not done, try later".
    pub retry_statuses: &'static [u16],
    /// Further attempts after the first.
    pub retries: u32,
}

/// Salesforce: 420 (rate limited), 500, 502, 503.
pub const SALESFORCE: &[u16] = &[420, 500, 502, 503];
/// Slack webhooks: 429 only (Slack did not post the message). A server
/// error may come after the post was made, so it is never resent.
pub const SLACK: &[u16] = &[429];

/// The longest cs waits before a retry, whatever Retry-After says.
const MAX_WAIT: Duration = Duration::from_secs(120);

pub struct Http {
    client: Client,
    pub verbose: bool,
    /// Base of the exponential backoff (doubles each attempt).
    pub backoff: Duration,
    /// How long one answer may take, from the request to its last byte.
    timeout: Duration,
}

impl Http {
    pub fn new(timeout: Duration, verbose: bool) -> Result<Self, String> {
        // rustls needs a process-wide crypto provider; ring builds fast.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let client = Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout.min(Duration::from_secs(30)))
            .user_agent(concat!("cs/", env!("CARGO_PKG_VERSION")))
            .https_only(false) // cs checks the scheme itself: loopback may be http
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| e.without_url().to_string())?;
        Ok(Self {
            client,
            verbose,
            backoff: Duration::from_millis(500),
            timeout,
        })
    }

    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Sends the request `build` makes, resending it as `policy` allows when
    /// `idempotent`. `label` names the call in --verbose lines (never a secret).
    pub fn send(
        &self,
        label: &str,
        idempotent: bool,
        policy: Policy,
        build: &dyn Fn(&Client) -> RequestBuilder,
    ) -> Result<Reply, CallError> {
        let mut attempt = 0u32;
        loop {
            let started = Instant::now();
            let result = build(&self.client).send();
            let ms = started.elapsed().as_millis();
            match result {
                Ok(resp) => {
                    let status = resp.status().as_u16();
                    let retry_after = resp
                        .headers()
                        .get(reqwest::header::RETRY_AFTER)
                        .and_then(|v| v.to_str().ok())
                        .and_then(parse_retry_after);
                    let content_type = resp
                        .headers()
                        .get(reqwest::header::CONTENT_TYPE)
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or_default()
                        .to_string();
                    let locator = resp
                        .headers()
                        .get("sforce-locator")
                        .and_then(|v| v.to_str().ok())
                        .map(str::to_string);
                    let number = |name: &str| {
                        resp.headers()
                            .get(name)
                            .and_then(|v| v.to_str().ok())
                            .and_then(|v| v.trim().parse::<u64>().ok())
                    };
                    let rate_reset = number("x-ratelimit-reset");
                    let rate_remaining = number("x-ratelimit-remaining");
                    let total_records = number("recurly-total-records");
                    let body = match read_body(resp, started + self.timeout) {
                        Ok(b) => b,
                        Err(m) => {
                            self.log(&format!("{label} -> {status}, body lost: {m} ({ms} ms)"));
                            return Err(CallError::Unknown(m));
                        }
                    };
                    self.log(&format!("{label} -> {status} ({ms} ms)"));
                    let reply = Reply {
                        status,
                        retry_after,
                        content_type,
                        locator,
                        rate_reset,
                        rate_remaining,
                        total_records,
                        body,
                    };
                    let retryable = policy.retry_statuses.contains(&status) && idempotent;
                    if !retryable || attempt >= policy.retries {
                        return Ok(reply);
                    }
                    if let Some(d) = reply.retry_after.filter(|d| *d > MAX_WAIT) {
                        self.log(&format!(
                            "{label}: Retry-After {} is over the cap",
                            wait_words(d)
                        ));
                        return Err(CallError::WaitTooLong(d));
                    }
                    attempt += 1;
                    self.wait(label, attempt, reply.retry_after)?;
                }
                Err(e) => {
                    let m = reason(&e);
                    self.log(&format!("{label} -> {m} ({ms} ms)"));
                    if e.is_builder() {
                        // The request could not even be made (a header
                        // value with a line break): nothing left cs.
                        return Err(CallError::NotSent(m));
                    }
                    if !e.is_connect() {
                        return Err(CallError::Unknown(m));
                    }
                    // Nothing reached the server: resending is safe for any call.
                    if attempt >= policy.retries {
                        return Err(CallError::NotSent(m));
                    }
                    attempt += 1;
                    self.wait(label, attempt, None)?;
                }
            }
        }
    }

    /// Sleeps before attempt `attempt` (1-based), in short slices so that
    /// Ctrl-C is honoured.
    pub fn wait(
        &self,
        label: &str,
        attempt: u32,
        retry_after: Option<Duration>,
    ) -> Result<(), CallError> {
        let d = retry_after
            .unwrap_or_else(|| backoff(self.backoff, attempt))
            .min(MAX_WAIT);
        self.log(&format!(
            "{label}: retry {attempt} in {:.1} s",
            d.as_secs_f64()
        ));
        sleep_interruptibly(d)
    }

    fn log(&self, line: &str) {
        if self.verbose {
            crate::out::note(&redact::clean(line));
        }
    }
}

/// The body, up to [`MAX_OK_BODY`] for a successful answer (one over it is
/// refused) and [`MAX_BODY`] for an error answer (cut there: it is only
/// quoted).
fn read_body(resp: reqwest::blocking::Response, deadline: Instant) -> Result<String, String> {
    use std::io::Read;
    let ok = resp.status().is_success();
    let limit = if ok { MAX_OK_BODY } else { MAX_BODY };
    let mut buf = Vec::new();
    let mut chunk = [0u8; 16 * 1024];
    let mut resp = resp.take(limit + 1);
    // Each read is bounded by the client's timeout; the whole answer by
    // the deadline, so that a server sending a byte at a time cannot hold
    // cs past --timeout.
    loop {
        if Instant::now() > deadline {
            return Err("timed out: the answer was still arriving when --timeout ran out".into());
        }
        match resp.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(redact::clean(&e.to_string())),
        }
    }
    if buf.len() as u64 > limit {
        if ok {
            return Err(format!("the answer is larger than {} MiB", limit >> 20));
        }
        buf.truncate(limit as usize);
    }
    Ok(String::from_utf8_lossy(&buf).into_owned())
}

/// Sleeps `d`, waking early (with an error) on Ctrl-C.
pub fn sleep_interruptibly(d: Duration) -> Result<(), CallError> {
    let end = Instant::now() + d;
    loop {
        if crate::interrupt::requested() {
            return Err(CallError::Interrupted);
        }
        let now = Instant::now();
        if now >= end {
            return Ok(());
        }
        std::thread::sleep((end - now).min(Duration::from_millis(100)));
    }
}

/// Exponential backoff with jitter: a random wait between half and all of
/// `base * 2^(attempt-1)`, capped at 30 s.
pub fn backoff(base: Duration, attempt: u32) -> Duration {
    let full = base
        .saturating_mul(1u32 << attempt.saturating_sub(1).min(16))
        .min(Duration::from_secs(30));
    let half = full / 2;
    half + Duration::from_millis(fastrand::u64(0..=half.as_millis() as u64))
}

/// Retry-After as delta-seconds or an HTTP-date (RFC 9110 section 10.2.3).
pub fn parse_retry_after(v: &str) -> Option<Duration> {
    let v = v.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = chrono::DateTime::parse_from_rfc2822(v).ok()?;
    let delta = when.with_timezone(&chrono::Utc) - chrono::Utc::now();
    Some(delta.to_std().unwrap_or(Duration::ZERO))
}

/// A transport error in words, without the URL (which may be a secret).
fn reason(e: &reqwest::Error) -> String {
    use std::error::Error as _;
    let mut parts = Vec::new();
    if e.is_timeout() {
        parts.push("timed out".to_string());
    }
    let mut src = e.source();
    while let Some(s) = src {
        let t = s.to_string();
        if !parts.iter().any(|p| p == &t) {
            parts.push(t);
        }
        src = s.source();
    }
    if parts.is_empty() {
        // reqwest's own text ends with " for url (...)": keep it out.
        let s = e.to_string();
        parts.push(match s.find(" for url (") {
            Some(i) => s[..i].to_string(),
            None => s,
        });
    }
    redact::clean(&parts.join(": "))
}

/// Is `url` allowed as an endpoint? https anywhere; http only on loopback
/// (tests and local tools).
pub fn check_scheme(url: &reqwest::Url, what: &str) -> Result<(), String> {
    match url.scheme() {
        "https" => Ok(()),
        "http" if is_loopback(url) => Ok(()),
        s => Err(format!(
            "{what} must be an https:// URL (http:// is allowed only for 127.0.0.1, ::1 and localhost); it is {s}://."
        )),
    }
}

fn is_loopback(url: &reqwest::Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_takes_seconds_and_http_dates() {
        assert_eq!(parse_retry_after("7"), Some(Duration::from_secs(7)));
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT"),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon"), None);
    }

    #[test]
    fn backoff_doubles_with_jitter_and_is_capped() {
        let base = Duration::from_millis(500);
        for attempt in 1..6 {
            let full = base * (1 << (attempt - 1));
            let d = backoff(base, attempt);
            assert!(d >= full / 2 && d <= full, "attempt {attempt}: {d:?}");
        }
        assert!(backoff(base, 40) <= Duration::from_secs(30));
    }

    #[test]
    fn only_https_or_loopback_http_is_accepted() {
        let ok = [
            "https://acme.my.salesforce.com",
            "http://127.0.0.1:8080",
            "http://[::1]:1",
            "http://localhost:3000",
        ];
        for u in ok {
            assert!(
                check_scheme(&u.parse().unwrap(), "SF_INSTANCE_URL").is_ok(),
                "{u}"
            );
        }
        let bad = [
            "http://acme.my.salesforce.com",
            "ftp://127.0.0.1",
            "http://10.0.0.1",
        ];
        for u in bad {
            let e = check_scheme(&u.parse().unwrap(), "SF_INSTANCE_URL").unwrap_err();
            assert!(e.contains("must be an https:// URL"), "{e}");
        }
    }
}
