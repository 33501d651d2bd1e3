//! Unknown keys, all of them: serde stops at the first key a playbook
//! type does not know; lint goes on past each so that one run shows every
//! finding (a typo and what else is wrong, together).

use super::Source;
use super::model::Playbook;
use crate::diag::Diagnostic;

/// Parses a playbook, reporting every unknown key rather than the first:
/// each is reported (with the key it may have meant), taken out of a copy
/// of the text (blanked, so every line and column stays where it was), and
/// the copy parsed again, so that the rest of lint sees the playbook too
/// and one run shows every finding. The playbook (none when another
/// error stops the parse), the findings, and the copy parsed.
pub(super) fn parse_past_unknown_keys(
    source: &Source,
) -> (Option<Playbook>, Vec<Diagnostic>, Source) {
    let mut copy = source.clone();
    let mut diags = Vec::new();
    // Each key taken out with the key it may have meant, and the text
    // before it was taken out.
    let mut suggested: Vec<(String, usize, usize, String)> = Vec::new();
    // A bound: each round removes or renames one key.
    for _ in 0..200 {
        match super::parse_yaml(&copy) {
            Ok(p) => return (Some(p), diags, copy),
            Err(d) => {
                let Some(key) = unknown_key(&d.message) else {
                    // A key taken out may leave a required one missing:
                    // the one it was most likely meant to be, said already.
                    // It is put back under that name, and the rest goes on.
                    let missing = d
                        .message
                        .strip_prefix("missing field `")
                        .and_then(|m| m.split('`').next());
                    let meant = missing.and_then(|k| suggested.iter().position(|s| s.0 == k));
                    if let (Some(k), Some(i)) = (missing, meant) {
                        let (_, line, column, before) = suggested.remove(i);
                        if let Some(text) = renamed(&before, line, column, k) {
                            copy.text = text.into();
                            continue;
                        }
                    }
                    if meant.is_none() {
                        diags.push(d);
                    }
                    return (None, diags, copy);
                };
                let mut d = d;
                let expected: Vec<String> = expected_keys(&d.message)
                    .into_iter()
                    .map(str::to_string)
                    .collect();
                let names: Vec<&str> = expected.iter().map(String::as_str).collect();
                if let Some(k) = crate::diag::closest(&key, &names) {
                    suggested.push((
                        k.to_string(),
                        d.line as usize,
                        d.column as usize,
                        copy.text.to_string(),
                    ));
                    d.message = format!(
                        "unknown field `{key}`; did you mean `{k}`? (expected one of {})",
                        names.join(", ")
                    );
                }
                let Some(text) = without_entry(&copy.text, d.line as usize, d.column as usize)
                else {
                    diags.push(d);
                    return (None, diags, copy);
                };
                diags.push(d);
                copy.text = text.into();
            }
        }
    }
    (None, diags, copy)
}

/// `text` with the key at `line`:`column` (1-based, in characters)
/// written as `key`: the rest of its line moves by the difference in
/// length, every other line stays.
fn renamed(text: &str, line: usize, column: usize, key: &str) -> Option<String> {
    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    let row: Vec<char> = lines.get(line.checked_sub(1)?)?.chars().collect();
    let start = column.checked_sub(1)?;
    let end = start
        + row
            .get(start..)?
            .iter()
            .take_while(|c| !matches!(c, ':' | ' ' | ',' | '}'))
            .count();
    let mut new: String = row[..start].iter().collect();
    new.push_str(key);
    new.extend(&row[end..]);
    lines[line - 1] = new;
    Some(lines.join("\n"))
}

/// The key of serde's "unknown field `KEY`, expected ..." message.
fn unknown_key(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    Some(rest.split('`').next()?.to_string())
}

/// The keys serde's message says it expected.
fn expected_keys(message: &str) -> Vec<&str> {
    let list = message
        .split_once("expected one of ")
        .or_else(|| message.split_once("expected "))
        .map_or("", |(_, l)| l);
    list.split(", ")
        .map(|k| k.trim().trim_matches('`'))
        .filter(|k| !k.is_empty())
        .collect()
}

/// `text` with the mapping entry whose key starts at `line`:`column`
/// (1-based, in characters) blanked: in a block mapping, the rest of its
/// line and the more indented lines that follow; in a flow mapping
/// (`{a: 1, typo: 2}`), up to the next `,` or `}` at its depth. None when
/// the place is not in the text.
fn without_entry(text: &str, line: usize, column: usize) -> Option<String> {
    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    let at = line.checked_sub(1)?;
    let this: Vec<char> = lines.get(at)?.chars().collect();
    let start = column.checked_sub(1)?;
    if start >= this.len() {
        return None;
    }
    let blank = |c: char| if c == '\r' { c } else { ' ' };
    let before: String = this[..start].iter().collect();
    let open = before.matches(['{', '[']).count() > before.matches(['}', ']']).count();
    if open {
        let (mut depth, mut quote, mut end) = (0i32, None, this.len());
        for (i, &c) in this.iter().enumerate().skip(start) {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, '{' | '[') => depth += 1,
                (None, '}' | ']') if depth == 0 => {
                    end = i;
                    break;
                }
                (None, '}' | ']') => depth -= 1,
                (None, ',') if depth == 0 => {
                    end = i + 1;
                    break;
                }
                _ => {}
            }
        }
        let mut row = this.clone();
        row[start..end].iter_mut().for_each(|c| *c = blank(*c));
        lines[at] = row.into_iter().collect();
        return Some(lines.join("\n"));
    }
    let mut row = this.clone();
    row[start..].iter_mut().for_each(|c| *c = blank(*c));
    lines[at] = row.into_iter().collect();
    let indent = start;
    for next in lines.iter_mut().skip(at + 1) {
        let chars: Vec<char> = next.chars().collect();
        let content = chars.iter().position(|c| !c.is_whitespace());
        match content {
            None => continue,
            Some(i) if i > indent => *next = chars.iter().map(|&c| blank(c)).collect(),
            Some(_) => break,
        }
    }
    Some(lines.join("\n"))
}
