//! Secrets (access tokens, client secrets, the Slack webhook URL) are
//! registered here as soon as cs reads them, and every message `cs submit`
//! prints or journals passes through [`clean`], which replaces them. A
//! secret therefore cannot leak through an error that quotes a URL or a
//! server reply that echoes a header.
//!
//! A server may echo a secret cut short or percent-encoded, so [`clean`]
//! also hides every run of [`FRAGMENT`] or more characters of a secret, and
//! its percent-encoded form; and it hides whatever has the shape of a
//! Salesforce access token (`00D` + org Id + `!` + ...) registered or not,
//! since the `sf` CLI prints tokens of orgs cs was not told about.

use std::sync::Mutex;

/// The secrets, longest first, and the [`FRAGMENT`]-byte windows of each,
/// by the index of a secret they come from.
#[derive(Default)]
struct Registry {
    all: Vec<String>,
    windows: std::collections::HashMap<[u8; FRAGMENT], String>,
}

static SECRETS: Mutex<Option<Registry>> = Mutex::new(None);

/// What a secret is replaced with.
pub const MASK: &str = "[redacted]";

/// A run of this many characters of a secret is hidden wherever it appears.
pub const FRAGMENT: usize = 16;

/// Remembers a secret so that [`clean`] hides it. Short values (under 8
/// characters) are not registered: hiding them would garble ordinary text,
/// and no real token or webhook is that short.
pub fn register(secret: &str) {
    add(secret, true);
}

/// Remembers a value hidden only whole (and percent-encoded): a URL whose
/// scheme and host are not secret, only its path.
pub fn register_whole(value: &str) {
    add(value, false);
}

fn add(secret: &str, fragments: bool) {
    let s = secret.trim();
    if s.len() < 8 {
        return;
    }
    let mut guard = SECRETS.lock().unwrap_or_else(|p| p.into_inner());
    let reg = guard.get_or_insert_with(Registry::default);
    let encoded = url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
    for v in [s.to_string(), encoded] {
        if reg.all.contains(&v) {
            continue;
        }
        for w in v.as_bytes().windows(FRAGMENT).filter(|_| fragments) {
            let key: [u8; FRAGMENT] = w.try_into().expect("window of FRAGMENT bytes");
            reg.windows.entry(key).or_insert_with(|| v.clone());
        }
        reg.all.push(v);
    }
    // Longest first, so a secret that contains another is hidden whole.
    reg.all.sort_by_key(|x| std::cmp::Reverse(x.len()));
}

/// `text` with every registered secret, every run of [`FRAGMENT`] or more
/// of its characters, and every token-shaped string replaced by [`MASK`].
pub fn clean(text: &str) -> String {
    let guard = SECRETS.lock().unwrap_or_else(|p| p.into_inner());
    let mut out = text.to_string();
    if let Some(reg) = guard.as_ref() {
        for s in reg.all.iter() {
            if out.contains(s.as_str()) {
                out = out.replace(s.as_str(), MASK);
            }
        }
        if !reg.windows.is_empty() {
            out = mask_fragments(&out, &reg.windows);
        }
    }
    mask_token_shapes(&out)
}

/// `text` masked whole, then cut to `max` characters (with an ellipsis):
/// a secret cut in two first would not be found.
pub fn quoted(text: &str, max: usize) -> String {
    let clean = clean(text);
    let mut short: String = clean.chars().take(max).collect();
    if short.len() < clean.len() {
        short.push('…');
    }
    short
}

/// Hides each run of at least [`FRAGMENT`] bytes of `text` that is also in
/// a secret (a prefix or a middle part of it, cut by whoever echoed it).
fn mask_fragments(
    text: &str,
    windows: &std::collections::HashMap<[u8; FRAGMENT], String>,
) -> String {
    let t = text.as_bytes();
    if t.len() < FRAGMENT {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let mut copied = 0;
    while i + FRAGMENT <= t.len() {
        let key: [u8; FRAGMENT] = t[i..i + FRAGMENT].try_into().expect("FRAGMENT bytes");
        let Some(secret) = windows.get(&key) else {
            i += 1;
            continue;
        };
        // Grow the run while it stays a part of the secret.
        let s = secret.as_bytes();
        let mut end = i + FRAGMENT;
        while end < t.len() && contains(s, &t[i..=end]) {
            end += 1;
        }
        let (a, b) = (floor(text, i), ceil(text, end));
        if a >= copied {
            out.push_str(&text[copied..a]);
            out.push_str(MASK);
            copied = b;
        }
        i = b.max(i + 1);
    }
    out.push_str(&text[copied..]);
    out
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

fn floor(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil(s: &str, mut i: usize) -> usize {
    while i < s.len() && !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// Hides Salesforce access tokens: `00D`, 12 or 15 letters and digits
/// (the org Id), `!`, then 20 or more token characters.
fn mask_token_shapes(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut i = 0;
    while let Some(off) = text[i..].find("00D") {
        let start = i + off;
        let mut j = start + 3;
        while j < b.len() && b[j].is_ascii_alphanumeric() {
            j += 1;
        }
        let org = j - start;
        if (15..=18).contains(&org) && j < b.len() && b[j] == b'!' {
            let mut k = j + 1;
            while k < b.len() && (b[k].is_ascii_alphanumeric() || b"._-".contains(&b[k])) {
                k += 1;
            }
            if k - j > 20 {
                out.push_str(&text[copied..start]);
                out.push_str(MASK);
                copied = k;
                i = k;
                continue;
            }
        }
        i = start + 3;
    }
    out.push_str(&text[copied..]);
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
    /// A secret hidden only whole: see [`register_whole`].
    pub fn whole(value: impl Into<String>) -> Self {
        let v = value.into();
        register_whole(&v);
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
    fn cut_and_encoded_secrets_and_token_shapes_are_masked() {
        register_whole("https://hooks.slack.test/services/T0/B0/Zz9Yy8Xx7Ww6Vv5Uu4");
        register("/services/T0/B0/Zz9Yy8Xx7Ww6Vv5Uu4");
        // Cut short by whoever echoed it; the host is no secret.
        let c = clean("404 for POST https://hooks.slack.test/services/T0/B0/Zz9Y");
        assert_eq!(c, "404 for POST https://hooks.slack.test[redacted]");
        // Percent-encoded, as in a query string.
        let c =
            clean("url=https%3A%2F%2Fhooks.slack.test%2Fservices%2FT0%2FB0%2FZz9Yy8Xx7Ww6Vv5Uu4");
        assert_eq!(c, "url=[redacted]");
        // An org's token cs was never told about.
        let c = clean(r#"{"accessToken":"00D5e000000AbCd!AQ8AQKx.yZ_3kLmNoPqRsTuVwXyZ0123"}"#);
        assert_eq!(c, r#"{"accessToken":"[redacted]"}"#);
        // Ordinary text stays.
        assert_eq!(
            clean("Case 00D is open! Call Acme."),
            "Case 00D is open! Call Acme."
        );
    }

    #[test]
    fn short_values_are_not_treated_as_secrets() {
        register("abc");
        assert_eq!(clean("abc def"), "abc def");
    }
}
