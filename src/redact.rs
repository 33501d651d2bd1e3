//! Secrets (access tokens, client secrets, the Slack webhook URL) are
//! registered here as soon as cs reads them, and every message `cs submit`
//! prints or journals passes through [`clean`], which replaces them. A
//! secret therefore cannot leak through an error that quotes a URL or a
//! server reply that echoes a header.
//!
//! A server or proxy echoes what it was sent in many forms: cut short, in
//! pieces across spaces and line breaks, percent-encoded (either case),
//! with JSON `\u` escapes, as HTML entities, in base64. [`clean`] reads
//! the text as those forms decode (a normalized view that remembers where
//! each byte came from) and hides every run of [`FRAGMENT`] or more bytes
//! of a secret, or of its base64 forms, in the original text. It also
//! hides whatever has the shape of a Salesforce access token (`00D` + org
//! Id + `!` + ...), registered or not, since the `sf` CLI prints tokens of
//! orgs cs was not told about.

use base64::Engine;
use std::sync::Mutex;

/// The secrets (normalized bytes), and the [`FRAGMENT`]-byte windows of
/// those hidden by any part, by the index of a secret they come from.
#[derive(Default)]
struct Registry {
    /// Hidden by any run of [`FRAGMENT`] bytes.
    parts: Vec<Vec<u8>>,
    windows: std::collections::HashMap<[u8; FRAGMENT], usize>,
    /// Hidden only whole (a URL whose scheme and host are no secret).
    whole: Vec<Vec<u8>>,
}

static SECRETS: Mutex<Option<Registry>> = Mutex::new(None);

/// What a secret is replaced with.
pub const MASK: &str = "[redacted]";

/// A run of this many bytes of a secret is hidden wherever it appears.
pub const FRAGMENT: usize = 8;

/// Remembers a secret so that [`clean`] hides it. Short values (under 8
/// characters) are not registered: hiding them would garble ordinary text,
/// and no real token or webhook is that short.
pub fn register(secret: &str) {
    add(secret, true);
}

/// Remembers a value hidden only whole (in any of the forms above): a URL
/// whose scheme and host are not secret, only its path.
pub fn register_whole(value: &str) {
    add(value, false);
}

fn add(secret: &str, parts: bool) {
    let s = secret.trim();
    if s.len() < FRAGMENT {
        return;
    }
    let mut guard = SECRETS.lock().unwrap_or_else(|p| p.into_inner());
    let reg = guard.get_or_insert_with(Registry::default);
    if !parts {
        if !reg.whole.iter().any(|w| w == s.as_bytes()) {
            reg.whole.push(s.as_bytes().to_vec());
        }
        return;
    }
    let mut forms = vec![s.as_bytes().to_vec()];
    // In hexadecimal, either case.
    let hex: String = s.bytes().map(|b| format!("{b:02x}")).collect();
    forms.push(hex.to_uppercase().into_bytes());
    forms.push(hex.into_bytes());
    // Base64 of the secret wherever it starts in the encoded text: at each
    // of the three byte alignments, less the last characters, which depend
    // on what follows it.
    for k in 0..3.min(s.len()) {
        for engine in [
            &base64::engine::general_purpose::STANDARD_NO_PAD,
            &base64::engine::general_purpose::URL_SAFE_NO_PAD,
        ] {
            let e = engine.encode(&s.as_bytes()[k..]);
            let stable = e.len().saturating_sub(2);
            if stable >= FRAGMENT {
                forms.push(e.as_bytes()[..stable].to_vec());
            }
        }
    }
    for f in forms {
        if reg.parts.contains(&f) {
            continue;
        }
        let idx = reg.parts.len();
        for w in f.windows(FRAGMENT) {
            let key: [u8; FRAGMENT] = w.try_into().expect("window of FRAGMENT bytes");
            reg.windows.entry(key).or_insert(idx);
        }
        reg.parts.push(f);
    }
}

/// Registers the secrets the environment holds for the systems cs talks
/// to, whichever a command uses (an error about a file may quote one
/// before any connection is made): the Salesforce token and client
/// secret, and the Slack webhook (whole; its secret last segment by parts).
pub fn register_env() {
    for name in [
        "SF_ACCESS_TOKEN",
        "SF_CLIENT_SECRET",
        "OUTREACH_ACCESS_TOKEN",
        "OUTREACH_CLIENT_SECRET",
        "OUTREACH_REFRESH_TOKEN",
    ] {
        if let Ok(v) = std::env::var(name) {
            register(&v);
        }
    }
    if let Ok(v) = std::env::var("SLACK_WEBHOOK_URL") {
        register_webhook(v.trim());
    }
}

/// Registers a webhook URL: anyone with its path can post, and Slack and
/// proxies may echo it, or a part of it. Its last segment is the secret
/// (any part of it is hidden); the URL, its path and the workspace and app
/// Ids before the secret only whole (a part of `/services/` is ordinary
/// text).
pub fn register_webhook(raw: &str) {
    register_whole(raw);
    let Ok(url) = url::Url::parse(raw) else {
        return;
    };
    register_whole(url.path());
    let segments: Vec<&str> = url.path_segments().into_iter().flatten().collect();
    if let Some((last, ids)) = segments.split_last() {
        register(last);
        for id in ids.iter().skip(1) {
            register_whole(id);
        }
    }
}

/// `text` with every registered secret, every run of [`FRAGMENT`] or more
/// of its bytes, in any echoed form, and every token-shaped string
/// replaced by [`MASK`].
pub fn clean(text: &str) -> String {
    let guard = SECRETS.lock().unwrap_or_else(|p| p.into_inner());
    let out = match guard.as_ref() {
        Some(reg) if !(reg.parts.is_empty() && reg.whole.is_empty()) => mask(text, reg),
        _ => text.to_string(),
    };
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

/// `text` as an echo decodes: each byte with the span of `text` it came
/// from. White space (and JSON's `\n`, `\r`, `\t`) is left out, so that a
/// secret cut into pieces reads whole; `%xx`, `\uXXXX`, `\/` and HTML
/// character references are decoded.
fn normalize(text: &str) -> (Vec<u8>, Vec<(usize, usize)>) {
    let b = text.as_bytes();
    let mut norm = Vec::with_capacity(b.len());
    let mut spans = Vec::with_capacity(b.len());
    let hex = |s: &[u8]| -> Option<u32> {
        std::str::from_utf8(s)
            .ok()
            .and_then(|t| u32::from_str_radix(t, 16).ok())
    };
    fn push(c: char, span: (usize, usize), norm: &mut Vec<u8>, spans: &mut Vec<(usize, usize)>) {
        let mut buf = [0u8; 4];
        for byte in c.encode_utf8(&mut buf).bytes() {
            norm.push(byte);
            spans.push(span);
        }
    }
    let mut i = 0;
    while i < b.len() {
        let rest = &b[i..];
        // White space and JSON's escaped line breaks: left out.
        if rest[0].is_ascii_whitespace() {
            i += 1;
            continue;
        }
        // Characters that show nothing (zero-width spaces and joiners, a
        // byte-order mark) are left out; fullwidth forms read as ASCII.
        if rest[0] >= 0x80 {
            let len = utf8_len(rest[0]).min(rest.len());
            if let Some(c) = std::str::from_utf8(&rest[..len])
                .ok()
                .and_then(|t| t.chars().next())
            {
                if matches!(
                    c,
                    '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
                ) {
                    i += len;
                    continue;
                }
                if ('\u{FF01}'..='\u{FF5E}').contains(&c) {
                    let ascii = char::from_u32(c as u32 - 0xFEE0).unwrap_or(c);
                    push(ascii, (i, i + len), &mut norm, &mut spans);
                    i += len;
                    continue;
                }
            }
        }
        if rest.len() >= 2 && rest[0] == b'\\' && matches!(rest[1], b'n' | b'r' | b't') {
            i += 2;
            continue;
        }
        if rest.len() >= 2 && rest[0] == b'\\' && rest[1] == b'/' {
            push('/', (i, i + 2), &mut norm, &mut spans);
            i += 2;
            continue;
        }
        if rest.len() >= 6
            && rest[0] == b'\\'
            && rest[1] == b'u'
            && let Some(c) = hex(&rest[2..6]).and_then(char::from_u32)
        {
            push(c, (i, i + 6), &mut norm, &mut spans);
            i += 6;
            continue;
        }
        if rest.len() >= 3
            && rest[0] == b'%'
            && let Some(v) = hex(&rest[1..3])
        {
            // A byte, which may be part of a character.
            norm.push(v as u8);
            spans.push((i, i + 3));
            i += 3;
            continue;
        }
        if rest[0] == b'&'
            && let Some(end) = rest.iter().take(12).position(|c| *c == b';')
        {
            let name = &rest[1..end];
            let c = match name {
                [b'#', b'x' | b'X', h @ ..] => hex(h).and_then(char::from_u32),
                [b'#', d @ ..] => std::str::from_utf8(d)
                    .ok()
                    .and_then(|t| t.parse::<u32>().ok())
                    .and_then(char::from_u32),
                b"amp" => Some('&'),
                b"lt" => Some('<'),
                b"gt" => Some('>'),
                b"quot" => Some('"'),
                b"apos" => Some('\''),
                b"excl" => Some('!'),
                b"sol" => Some('/'),
                b"period" => Some('.'),
                b"lowbar" => Some('_'),
                b"hyphen" | b"dash" => Some('-'),
                b"equals" => Some('='),
                b"plus" => Some('+'),
                b"num" => Some('#'),
                b"percnt" => Some('%'),
                b"colon" => Some(':'),
                _ => None,
            };
            if let Some(c) = c {
                push(c, (i, i + end + 1), &mut norm, &mut spans);
                i += end + 1;
                continue;
            }
        }
        let len = utf8_len(rest[0]).min(rest.len());
        for &byte in &rest[..len] {
            norm.push(byte);
            spans.push((i, i + len));
        }
        i += len;
    }
    (norm, spans)
}

fn utf8_len(first: u8) -> usize {
    match first {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

/// Hides in `text` each whole secret and each run of at least
/// [`FRAGMENT`] bytes of a secret, as [`normalize`] reads the text.
fn mask(text: &str, reg: &Registry) -> String {
    let (norm, spans) = normalize(text);
    let n = norm.len();
    let mut marks: Vec<(usize, usize)> = Vec::new();
    for w in &reg.whole {
        for pos in memchr::memmem::find_iter(&norm, w) {
            marks.push((spans[pos].0, spans[pos + w.len() - 1].1));
        }
    }
    let mut i = 0;
    while i + FRAGMENT <= n {
        let key: [u8; FRAGMENT] = norm[i..i + FRAGMENT].try_into().expect("FRAGMENT bytes");
        let Some(&idx) = reg.windows.get(&key) else {
            i += 1;
            continue;
        };
        // Grow the run while it stays a part of the secret.
        let s = &reg.parts[idx];
        let mut end = i + FRAGMENT;
        while end < n && contains(s, &norm[i..=end]) {
            end += 1;
        }
        marks.push((spans[i].0, spans[end - 1].1));
        i = end;
    }
    if marks.is_empty() {
        return text.to_string();
    }
    marks.sort_unstable();
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for (a, b) in marks {
        let (a, b) = (floor(text, a), ceil(text, b));
        if a >= copied {
            out.push_str(&text[copied..a]);
            out.push_str(MASK);
            copied = b;
        } else if b > copied {
            copied = b;
        }
    }
    out.push_str(&text[copied..]);
    out
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    memchr::memmem::find(hay, needle).is_some()
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
    fn every_echoed_form_of_a_secret_is_masked() {
        use base64::Engine;
        let secret = "Qm7vX2pLr9TzK4wB8nHs";
        register(secret);
        let b64 = |s: &str| base64::engine::general_purpose::STANDARD.encode(s);
        let forms = [
            format!("token {secret}"),
            format!("token {}", &secret[..9]),
            format!("token {} {}", &secret[..10], &secret[10..]),
            format!("token {}\r\n{}", &secret[..10], &secret[10..]),
            format!("token {}\n{}", &secret[..10], &secret[10..]),
            format!(
                "token {}",
                secret
                    .chars()
                    .map(|c| format!("\\u{:04x}", c as u32))
                    .collect::<String>()
            ),
            format!(
                "token {}",
                secret
                    .bytes()
                    .map(|c| format!("%{c:02x}"))
                    .collect::<String>()
            ),
            format!(
                "token {}",
                secret
                    .bytes()
                    .map(|c| format!("&#x{c:x};"))
                    .collect::<String>()
            ),
            format!(
                "token {}",
                secret
                    .bytes()
                    .map(|c| format!("&#{c};"))
                    .collect::<String>()
            ),
            format!("Authorization: Basic {}", b64(&format!("user:{secret}"))),
            format!("Authorization: Basic {}", b64(&format!("us:{secret}"))),
            format!("Authorization: Basic {}", b64(&format!("u:{secret}"))),
            format!(
                "token {}",
                secret
                    .chars()
                    .map(|c| format!("{c}\u{200B}"))
                    .collect::<String>()
            ),
            format!(
                "token {}",
                secret
                    .chars()
                    .map(|c| char::from_u32(c as u32 + 0xFEE0).unwrap_or(c))
                    .collect::<String>()
            ),
            format!(
                "token {}",
                secret
                    .bytes()
                    .map(|b| format!("{b:02x}"))
                    .collect::<String>()
            ),
            format!(
                "token {}",
                secret
                    .bytes()
                    .map(|b| format!("{b:02X}"))
                    .collect::<String>()
            ),
        ];
        for f in forms {
            let c = clean(&f);
            assert!(c.contains(MASK), "{f} -> {c}");
            // No 8 bytes of it survive, in any form the text holds.
            let (norm, _) = normalize(&c);
            for w in secret.as_bytes().windows(FRAGMENT) {
                assert!(!contains(&norm, w), "{f} -> {c}");
            }
        }
        // Ordinary text around it stays.
        assert_eq!(clean(&format!("a {secret} b")), "a [redacted] b");
        assert_eq!(
            clean("100% of 20 cases &amp; more"),
            "100% of 20 cases &amp; more"
        );
    }

    #[test]
    fn short_values_are_not_treated_as_secrets() {
        register("abc");
        assert_eq!(clean("abc def"), "abc def");
    }
}
