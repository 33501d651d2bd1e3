//! Which detectors may match a text, found without compiling any: what
//! each cannot lack (its label's words; the lengths of the runs of digits
//! and what lies between them; an `@` between an address's characters).
//! Most texts a plan holds wake none, and no automaton is built for them.
//! Each function answers true wherever its detectors match (the tests in
//! `phi` hold each to its detector, on the corpus and on random text); the
//! indices are those of [`super::patterns`].

/// How many detectors [`super::patterns`] gives.
pub(super) const DETECTORS: usize = 11;

/// Where `word` starts in `b`, in order: each place of its first byte
/// (found by `memchr`, with nothing to build first, as most texts are short
/// and asked about a score of words) that the rest of the word follows.
fn find_all<'a>(b: &'a [u8], word: &'a [u8]) -> impl Iterator<Item = usize> + 'a {
    let first = word.first().copied().unwrap_or(0);
    memchr::memchr_iter(first, b).filter(move |&i| b[i..].starts_with(word))
}

/// Is `c` a word character to `\b` as the detectors read it (ASCII)?
fn word_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// The detectors that look for digits (an SSN's 3-2-4, an NPI's ten, a
/// DEA number's seven after two letters, an IP address's four groups, a
/// phone number's ten) that may match in `lower`, by the lengths of its
/// runs of digits and what lies between them: true wherever the detector
/// matches (a test holds each to its detector on random text), and
/// without compiling anything.
fn digit_shapes(lower: &str) -> [(usize, bool); 5] {
    let b = lower.as_bytes();
    // The maximal runs of ASCII digits: (start, end).
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() {
            let start = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            runs.push((start, i));
        } else {
            i += 1;
        }
    }
    let len = |r: &(usize, usize)| r.1 - r.0;
    let gap = |k: usize| &b[runs[k].1..runs[k + 1].0];
    let gap_of = |k: usize, max: usize, allowed: &dyn Fn(u8) -> bool| {
        let g = gap(k);
        !g.is_empty() && g.len() <= max && g.iter().all(|&c| allowed(c))
    };
    let ssn_sep = |c: u8| c.is_ascii_whitespace() || b"-./_,".contains(&c);
    let phone_sep = |c: u8| c.is_ascii_whitespace() || b".-()".contains(&c);
    let ssn = (0..runs.len().saturating_sub(2)).any(|k| {
        len(&runs[k]) == 3
            && len(&runs[k + 1]) == 2
            && len(&runs[k + 2]) >= 4
            && gap_of(k, usize::MAX, &ssn_sep)
            && gap_of(k + 1, usize::MAX, &ssn_sep)
    });
    let npi = runs.iter().any(|r| len(r) == 10);
    // Two letters (the second may be a 9, then in the run) at a word's
    // start, then seven digits that end it.
    let letters_before = |at: usize, n: usize| {
        at >= n
            && b[at - n..at].iter().all(u8::is_ascii_lowercase)
            && (at == n || !word_byte(b[at - n - 1]))
    };
    let dea = runs.iter().any(|r| {
        let ends_word = b.get(r.1).is_none_or(|&c| !word_byte(c));
        ends_word
            && ((len(r) == 7 && letters_before(r.0, 2))
                || (len(r) == 8 && b[r.0] == b'9' && letters_before(r.0, 1)))
    });
    let ip = (0..runs.len().saturating_sub(3)).any(|k| {
        (k..k + 4).all(|j| (1..=3).contains(&len(&runs[j]))) && (k..k + 3).all(|j| gap(j) == b".")
    });
    // The ten digits are whole runs (a word boundary or a parenthesis
    // before the first, a word boundary after the last, which holds the
    // last four), one to three of them, one or two separators apart.
    let phone = (0..runs.len()).any(|j| {
        if len(&runs[j]) < 4 || b.get(runs[j].1).is_some_and(|&c| word_byte(c)) {
            return false;
        }
        let mut digits = 0;
        let mut k = j;
        loop {
            digits += len(&runs[k]);
            let bounded = runs[k].0 == 0 || !word_byte(b[runs[k].0 - 1]);
            if digits == 10 && bounded {
                return true;
            }
            if digits >= 10 || j - k == 2 || k == 0 || !gap_of(k - 1, 2, &phone_sep) {
                return false;
            }
            k -= 1;
        }
    });
    [(0, ssn), (4, npi), (5, dea), (6, ip), (7, phone)]
}

/// The email detectors that may match in `lower`, by the characters each
/// cannot lack: an `@` between an address's characters, `at` in brackets,
/// `dot` between spaces.
fn emails(lower: &str) -> [(usize, bool); 3] {
    let b = lower.as_bytes();
    let local = |c: u8| c.is_ascii_lowercase() || c.is_ascii_digit() || b"._%+-".contains(&c);
    let domain = |c: u8| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-';
    let around = |word: &str, before: &dyn Fn(u8) -> bool, after: &dyn Fn(u8) -> bool| {
        find_all(b, word.as_bytes())
            .any(|i| i > 0 && before(b[i - 1]) && b.get(i + word.len()).is_some_and(|&c| after(c)))
    };
    [
        (8, around("@", &local, &domain)),
        (
            9,
            around("at", &|c| b"([{".contains(&c), &|c| b")]}".contains(&c)),
        ),
        (
            10,
            around("dot", &|c: u8| c.is_ascii_whitespace(), &|c: u8| {
                c.is_ascii_whitespace()
            }),
        ),
    ]
}

/// Is there a word starting with `word` in `lower`, followed (past any
/// spaces and dots) by one of `then` (by anything, when `then` is empty)?
/// A word starts where an ASCII word character follows none, as `\b`
/// reads it in the detectors.
fn label(lower: &str, word: &str, then: &[&str]) -> bool {
    let b = lower.as_bytes();
    find_all(b, word.as_bytes()).any(|i| {
        if i > 0 && word_byte(b[i - 1]) {
            return false;
        }
        let rest = lower[i + word.len()..]
            .trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '.');
        then.is_empty() || then.iter().any(|t| rest.starts_with(t))
    })
}

/// The detectors found by their label (an SSN's, a date of birth's, a
/// medical record's or a health plan's) whose label is in `lower`, by a
/// look for its words: true wherever the detector matches, and seldom in
/// the texts plans hold (`MRR`, `mrkdwn` are not `MR #`).
fn labelled(lower: &str) -> [(usize, bool); 4] {
    let any = |words: &[&str], then: &[&str]| words.iter().any(|w| label(lower, w, then));
    [
        (
            0,
            lower.contains("social") || any(&["ssn"], &[]) || any(&["ss"], &["#"]),
        ),
        (
            1,
            lower.contains("birth") || any(&["dob", "d.o.b", "bday", "b-day", "born", "b."], &[]),
        ),
        (
            2,
            any(&["mr", "chart"], &["n", "#"])
                || any(&["medical"], &["record"])
                || any(&["patient"], &["i", "#", "n"])
                || any(&["pt"], &["i", "#"]),
        ),
        (
            3,
            any(
                &[
                    "member",
                    "subscriber",
                    "policy",
                    "medicaid",
                    "medicare",
                    "insurance",
                ],
                &["i", "n", "#"],
            ),
        ),
    ]
}

/// The detectors that may match in `lower`, in their order, each once (an
/// SSN's is woken by its digits and by its label).
pub(super) fn candidates(lower: &str) -> Vec<usize> {
    let mut may = [false; DETECTORS];
    let found = digit_shapes(lower)
        .into_iter()
        .chain(labelled(lower))
        .chain(emails(lower));
    for (i, m) in found {
        may[i] |= m;
    }
    (0..may.len()).filter(|&i| may[i]).collect()
}
