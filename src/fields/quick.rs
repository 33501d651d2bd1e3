//! A field's check compiled for a batch, which checks millions of cells:
//! the forms a spreadsheet column nearly always holds (a choice's key as
//! the playbook spells it, a count in plain digits, a record's Id) are
//! accepted by a few byte comparisons. Anything else goes to
//! [`super::check_str`], so a cell the quick check does not accept is
//! checked, and refused, exactly as a prompt's answer is. What it accepts,
//! `check_str` accepts with the same value (a test holds it to that).

use super::FieldType;
use crate::playbook::model::Field;

/// Are `a` and `b` the same bytes? For the short cells of a batch: eight
/// bytes at a time, where `==` calls the C library's `memcmp` (its call
/// costs more than comparing a key or an Id).
pub fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let n = a.len();
    // Eight bytes at a time, the last eight overlapping those before.
    let word = |s: &[u8], i: usize| u64::from_ne_bytes(s[i..i + 8].try_into().unwrap_or([0; 8]));
    if n >= 8 {
        let mut i = 0;
        while i + 8 < n {
            if word(a, i) != word(b, i) {
                return false;
            }
            i += 8;
        }
        return word(a, n - 8) == word(b, n - 8);
    }
    // Four and four, overlapping; shorter ones byte by byte.
    let half = |s: &[u8], i: usize| u32::from_ne_bytes(s[i..i + 4].try_into().unwrap_or([0; 4]));
    if n >= 4 {
        return half(a, 0) == half(b, 0) && half(a, n - 4) == half(b, n - 4);
    }
    a.iter().zip(b).all(|(x, y)| x == y)
}

/// What a quick check accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quick {
    /// The choice at this index of the field's choices.
    Choice(usize),
    /// A whole number.
    Int(i64),
    /// A yes or a no.
    Bool(bool),
    /// The cell as it is (a record Id).
    Cell,
}

/// A field's quick check.
#[derive(Debug, Clone)]
pub enum QuickCheck {
    /// The choices' keys: a cell equal to one is that choice.
    Choice(Vec<Box<[u8]>>),
    /// Plain digits, within the field's range.
    Count,
    /// `yes` or `no`, as a spreadsheet column of them is written.
    Bool,
    /// One line of text: no control, invisible or direction-changing
    /// character, and no space of another script at either end.
    Text,
    /// A record Id of the field's object (15 or 18 letters and digits),
    /// with the object's key prefix where Salesforce fixes it.
    Id(Option<&'static str>),
    /// No quick form: every cell takes the full check.
    Full,
}

impl QuickCheck {
    pub fn new(field: &Field) -> Self {
        match field.kind.value {
            FieldType::Choice => {
                // Each key must be its own choice to the full check, which
                // looks at keys and labels in turn: a key that an earlier
                // choice's key or label also spells leaves the field to it.
                let own = field.choices.iter().all(|c| {
                    super::choice_ref(field, &c.key.value)
                        .is_ok_and(|k| std::ptr::eq(k, c.key.value.as_str()))
                });
                if !own {
                    return Self::Full;
                }
                Self::Choice(
                    field
                        .choices
                        .iter()
                        .map(|c| c.key.value.as_bytes().into())
                        .collect(),
                )
            }
            FieldType::Integer => Self::Count,
            FieldType::Text => Self::Text,
            FieldType::Bool => Self::Bool,
            FieldType::SalesforceId => Self::Id(
                field
                    .object
                    .as_deref()
                    .and_then(crate::salesforce::limits::key_prefix),
            ),
            _ => Self::Full,
        }
    }

    /// Accepts `cell` (trimmed of ASCII spaces) in its quick form, or says
    /// nothing: then [`super::check_str`] decides.
    pub fn check(&self, field: &Field, cell: &str) -> Option<Quick> {
        match self {
            Self::Text => {
                // No byte that may begin such a character, and no end that
                // [`super::check_str`] trims of more than ASCII spaces.
                let b = cell.as_bytes();
                let suspect = super::may_hold_control(b);
                let plain_ends = b
                    .first()
                    .is_some_and(|c| c.is_ascii() && !c.is_ascii_whitespace())
                    && b.last()
                        .is_some_and(|c| c.is_ascii() && !c.is_ascii_whitespace());
                (!suspect && plain_ends).then_some(Quick::Cell)
            }
            _ => self.check_bytes(field, cell.as_bytes()),
        }
    }

    /// [`Self::check`] of the forms that are ASCII (a choice's key, a
    /// count, a yes or no, an Id), on a cell's bytes: a batch takes them
    /// without turning the cell into text. Text and the rest: `None`.
    pub fn check_bytes(&self, field: &Field, cell: &[u8]) -> Option<Quick> {
        match self {
            Self::Choice(keys) => keys.iter().position(|k| same(k, cell)).map(Quick::Choice),
            Self::Bool => match cell {
                b"yes" => Some(Quick::Bool(true)),
                b"no" => Some(Quick::Bool(false)),
                _ => None,
            },
            Self::Count => {
                if cell.is_empty() || cell.len() > 18 {
                    return None;
                }
                let mut n = 0i64;
                for &b in cell {
                    let digit = b.wrapping_sub(b'0');
                    if digit > 9 {
                        return None;
                    }
                    n = n * 10 + i64::from(digit);
                }
                // The field's range as [`super::check_str`] holds it; a
                // count outside it is refused there, with the reason.
                let v = n as f64;
                if field.min.is_some_and(|m| v < m) || field.max.is_some_and(|m| v > m) {
                    return None;
                }
                Some(Quick::Int(n))
            }
            Self::Id(prefix) => {
                let ok = crate::salesforce::limits::id_bytes_ok(cell, *prefix)
                    && cell.iter().any(u8::is_ascii_digit);
                ok.then_some(Quick::Cell)
            }
            Self::Text | Self::Full => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fields::{Context, Scalar, Value, check_str};

    fn field(yaml: &str) -> Field {
        serde_saphyr::from_str(yaml).unwrap()
    }

    /// Whatever the quick check accepts, the full check accepts with the
    /// same value.
    #[test]
    fn what_the_quick_check_accepts_the_full_check_accepts_alike() {
        let fields = [
            field(
                "key: reason\nlabel: Reason\ntype: choice\nchoices:\n  - {key: leave, label: Leave}\n  - {key: role_change, label: Position or job change}\n",
            ),
            field("key: n\nlabel: N\ntype: integer\nmin: 0\nmax: 500\n"),
            field("key: a\nlabel: A\ntype: salesforce-id\nobject: Account\n"),
            field("key: u\nlabel: U\ntype: salesforce-id\n"),
            field("key: t\nlabel: T\ntype: text\n"),
            field("key: b\nlabel: B\ntype: bool\n"),
        ];
        let cells = [
            "leave",
            "Leave",
            "LEAVE",
            "role_change",
            "Position or job change",
            "0",
            "17",
            "500",
            "501",
            "000000000000000042",
            "9999999999999999999",
            "+3",
            "-1",
            "1,200",
            "001000000000001AAA",
            "001000000000001AAB",
            "001000000000001",
            "006000000000001AAA",
            "0010000000001",
            "ABCDEFGHIJKLMNO",
            "https://x.lightning.force.com/lightning/r/Account/001000000000001AAA/view",
            "Acme Family Clinic",
            "Dana\u{a0}",
            "Dana\u{200b}Smith",
            "two\nlines",
            "Café Olé",
            "",
            "yes",
            "no",
            "Yes",
        ];
        let cx = Context {
            today: chrono::NaiveDate::from_ymd_opt(2026, 12, 5).unwrap(),
            taxonomy: None,
            answers: &indexmap::IndexMap::new(),
        };
        let mut accepted = 0;
        for f in &fields {
            let q = QuickCheck::new(f);
            for cell in cells {
                let Some(quick) = q.check(f, cell) else {
                    continue;
                };
                accepted += 1;
                let full = check_str(f, cell, &cx)
                    .unwrap_or_else(|e| {
                        panic!("{}: '{cell}' quick, refused in full: {e}", f.key.value)
                    })
                    .0;
                match (quick, full) {
                    (Quick::Choice(i), Scalar::Str(k)) => assert_eq!(f.choices[i].key.value, k),
                    (Quick::Int(n), Scalar::Value(Value::Integer(m))) => assert_eq!(n, m),
                    (Quick::Cell, Scalar::Value(Value::Text(id))) => assert_eq!(id, cell),
                    (Quick::Cell, Scalar::Str(t)) => assert_eq!(t, cell),
                    (Quick::Bool(q), Scalar::Value(Value::Bool(b))) => assert_eq!(q, b),
                    other => panic!("{}: '{cell}': {other:?}", f.key.value),
                }
            }
        }
        // Choices 2, counts 4, Ids 2 and 3, one-line text 25 (all but the
        // empty cell, the line break, the invisible and non-ASCII ends),
        // yes and no 2 ("Yes" takes the full check).
        assert_eq!(accepted, 2 + 4 + 2 + 3 + 25 + 2, "the quick forms seen");
    }

    /// Every byte of every length up to 40 counts, those the words overlap
    /// included.
    #[test]
    fn same_compares_every_byte() {
        for n in 0..40usize {
            let a: Vec<u8> = (0..n).map(|i| b'a' + (i % 26) as u8).collect();
            assert!(same(&a, &a.clone()));
            for i in 0..n {
                let mut b = a.clone();
                b[i] ^= 0x20;
                assert!(!same(&a, &b), "length {n}, byte {i}");
            }
            if n > 0 {
                assert!(!same(&a, &a[..n - 1]));
            }
        }
    }

    /// A row is printable ASCII only if every byte is a space to `~`,
    /// wherever the byte is in it.
    #[test]
    fn printable_ascii_looks_at_every_byte() {
        let row = vec![b'x'; 70];
        assert!(crate::fields::printable_ascii(&row));
        assert!(crate::fields::printable_ascii(b""));
        for byte in 0..=255u8 {
            let printable = (0x20..=0x7e).contains(&byte);
            for at in [0, 31, 32, 33, 69] {
                let mut r = row.clone();
                r[at] = byte;
                assert_eq!(
                    crate::fields::printable_ascii(&r),
                    printable,
                    "{byte:#x} at {at}"
                );
            }
        }
    }

    /// A key that is another choice's label leaves the field to the full
    /// check, which would take the label's choice.
    #[test]
    fn a_key_that_is_another_label_has_no_quick_form() {
        let f = field(
            "key: c\nlabel: C\ntype: choice\nchoices:\n  - {key: a, label: B}\n  - {key: b, label: Other}\n",
        );
        assert!(matches!(QuickCheck::new(&f), QuickCheck::Full));
    }
}
