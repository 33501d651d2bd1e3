//! A field's check compiled for a batch, which checks millions of cells:
//! the forms a spreadsheet column nearly always holds (a choice's key as
//! the playbook spells it, a count in plain digits, a record's Id) are
//! accepted by a few byte comparisons. Anything else goes to
//! [`super::check_str`], so a cell the quick check does not accept is
//! checked, and refused, exactly as a prompt's answer is. What it accepts,
//! `check_str` accepts with the same value (a test holds it to that).

use super::{FieldType, check_range};
use crate::playbook::model::Field;

/// Are `a` and `b` the same bytes? For the short cells of a batch: one
/// pass without a branch per byte, where `==` calls the C library's
/// `memcmp` (its call costs more than comparing a key or a count).
pub fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |d, (x, y)| d | (x ^ y)) == 0
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
            Self::Choice(keys) => keys
                .iter()
                .position(|k| same(k, cell.as_bytes()))
                .map(Quick::Choice),
            Self::Bool => match cell.as_bytes() {
                b"yes" => Some(Quick::Bool(true)),
                b"no" => Some(Quick::Bool(false)),
                _ => None,
            },
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
            Self::Count => {
                let b = cell.as_bytes();
                if b.is_empty() || b.len() > 18 || !b.iter().all(u8::is_ascii_digit) {
                    return None;
                }
                let n = b.iter().fold(0i64, |n, d| n * 10 + i64::from(d - b'0'));
                check_range(field, n as f64, cell).ok()?;
                Some(Quick::Int(n))
            }
            Self::Id(prefix) => {
                let ok = crate::salesforce::limits::id_ok(cell, *prefix)
                    && cell.bytes().any(|b| b.is_ascii_digit());
                ok.then_some(Quick::Cell)
            }
            Self::Full => None,
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
