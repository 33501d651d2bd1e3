//! Secrets (access tokens, client secrets, the Slack webhook URL) are
//! registered here as soon as cs reads them, and every message `cs submit`
//! prints or journals passes through [`clean`], which replaces them. A
//! secret therefore cannot leak through an error that quotes a URL or a
//! server reply that echoes a header.

use std::sync::Mutex;

static SECRETS: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// What a secret is replaced with.
pub const MASK: &str = "[redacted]";

/// Remembers a secret so that [`clean`] hides it. Short values (under 8
/// characters) are not registered: hiding them would garble ordinary text,
/// and no real token or webhook is that short.
pub fn register(secret: &str) {
    let s = secret.trim();
    if s.len() < 8 {
        return;
    }
    let mut all = SECRETS.lock().unwrap_or_else(|p| p.into_inner());
    if !all.iter().any(|x| x == s) {
        all.push(s.to_string());
        // Longest first, so a secret that contains another is hidden whole.
        all.sort_by_key(|x| std::cmp::Reverse(x.len()));
    }
}

/// `text` with every registered secret replaced by [`MASK`].
pub fn clean(text: &str) -> String {
    let all = SECRETS.lock().unwrap_or_else(|p| p.into_inner());
    let mut out = text.to_string();
    for s in all.iter() {
        if out.contains(s.as_str()) {
            out = out.replace(s.as_str(), MASK);
        }
    }
    out
}

/// A secret value: usable by the code that needs it, never printed.
#[derive(Clone)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        let v = value.into();
        register(&v);
        Self(v)
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(MASK)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registered_secrets_are_masked_wherever_they_appear() {
        let s = Secret::new("00Dxx0000001gPL!AQ4AQFake.Token");
        register("https://hooks.slack.test/services/T0/B0/abcdefgh");
        let text = format!(
            "401 for Bearer {} at https://hooks.slack.test/services/T0/B0/abcdefgh",
            s.expose()
        );
        let c = clean(&text);
        assert_eq!(c, "401 for Bearer [redacted] at [redacted]");
        assert_eq!(format!("{s:?}"), "[redacted]");
    }

    #[test]
    fn short_values_are_not_treated_as_secrets() {
        register("abc");
        assert_eq!(clean("abc def"), "abc def");
    }
}
