//! Templates and conditions: minijinja with strict undefined, so a typo in a
//! playbook is an error rather than an empty string. The same environment
//! renders plans and lets lint list the variables a template uses.

use minijinja::{Environment, UndefinedBehavior, Value};
use std::collections::BTreeSet;
use std::sync::OnceLock;

/// Names every template may use besides the playbook's fields.
pub const BUILTIN_VARIABLES: &[&str] = &[
    "today",
    "summary",
    "playbook",
    "data",
    "label",
    "occurrence",
    "occurrences",
    "occurrence_date",
];

/// Names a schedule step's action may read: which occurrence of a repeated
/// step this is (1-based), how many there are, and the occurrence's date.
pub const SCHEDULE_VARIABLES: &[&str] = &["occurrence", "occurrences", "occurrence_date"];

/// minijinja's own globals, which `undeclared_variables` reports too.
const ENGINE_GLOBALS: &[&str] = &[
    "range",
    "dict",
    "namespace",
    "loop",
    "debug",
    "super",
    "self",
];

/// `1250.5` -> `$1,250.50`; an unanswered amount renders empty.
fn usd(v: Option<f64>) -> String {
    v.map(|v| crate::fields::format_usd((v * 100.0).round() as i64))
        .unwrap_or_default()
}

/// A YYYY-MM-DD date rendered with `format` by the filter `name`; an
/// unanswered date renders empty.
fn date_as(name: &str, v: Option<String>, format: &str) -> Result<String, minijinja::Error> {
    let Some(v) = v else {
        return Ok(String::new());
    };
    chrono::NaiveDate::parse_from_str(&v, "%Y-%m-%d")
        .map(|d| d.format(format).to_string())
        .map_err(|_| {
            minijinja::Error::new(
                minijinja::ErrorKind::InvalidOperation,
                format!("{name}: '{v}' is not a YYYY-MM-DD date"),
            )
        })
}

/// `2026-11-22` -> `11/22/26`, the date form of N1 notes.
fn mdy(v: Option<String>) -> Result<String, minijinja::Error> {
    date_as("mdy", v, "%m/%d/%y")
}

/// `2026-11-23` -> `Monday, November 23, 2026`: a date as a customer-facing
/// text names it (B1).
fn long_date(v: Option<String>) -> Result<String, minijinja::Error> {
    date_as("long_date", v, crate::calendar::LONG_DATE)
}

/// Escapes the three characters Slack's mrkdwn reserves (&, <, >).
fn slack(v: Option<String>) -> String {
    v.unwrap_or_default()
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// [`slack`] for code: `text` with Slack's reserved characters escaped.
pub fn slack_text(text: &str) -> String {
    slack(Some(text.to_string()))
}

/// [`shorten`] for code: at most `n` characters, an ellipsis ending a cut.
pub fn cut(text: &str, n: usize) -> String {
    shorten(Some(text.to_string()), n)
}

/// `account_name | shorten(138)`: at most `n` characters, the last an
/// ellipsis when the text was cut (Slack's header holds 150).
fn shorten(v: Option<String>, n: usize) -> String {
    let v = v.unwrap_or_default();
    if v.chars().count() <= n {
        return v;
    }
    let mut out: String = v.chars().take(n.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// `<{{ account_url | slack_url }}|Open>`: a URL inside Slack's link
/// markup, with the characters that would end the link (`<`, `>`, `|`,
/// spaces) percent-encoded.
fn slack_url(v: Option<String>) -> String {
    let mut out = String::new();
    for c in v.unwrap_or_default().chars() {
        match c {
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            '|' => out.push_str("%7C"),
            '&' => out.push_str("%26"),
            c if c.is_whitespace() || c.is_control() => {
                let mut b = [0; 4];
                for byte in c.encode_utf8(&mut b).bytes() {
                    out.push_str(&format!("%{byte:02X}"));
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// `account_url | sf_id`: the record Id in a Salesforce link (or the Id
/// itself), for a lookup field; empty when there is none.
fn sf_id(v: Option<String>) -> String {
    v.as_deref()
        .and_then(crate::salesforce::limits::id_in)
        .unwrap_or_default()
}

/// `"2026-11-20" | add_days(30)` -> `"2026-12-20"`: calendar days after a
/// YYYY-MM-DD date (the date arithmetic a playbook's offsets need); an
/// unanswered date stays unanswered.
fn add_days(v: Option<String>, days: i64) -> Result<Option<String>, minijinja::Error> {
    let Some(v) = v else { return Ok(None) };
    let bad = |why: String| minijinja::Error::new(minijinja::ErrorKind::InvalidOperation, why);
    let d = chrono::NaiveDate::parse_from_str(&v, "%Y-%m-%d")
        .map_err(|_| bad(format!("add_days: '{v}' is not a YYYY-MM-DD date")))?;
    let shifted = chrono::Duration::try_days(days)
        .and_then(|n| d.checked_add_signed(n))
        .ok_or_else(|| bad(format!("add_days: {v} plus {days} days is out of range")))?;
    Ok(Some(shifted.format("%Y-%m-%d").to_string()))
}

/// The shared environment: strict undefined, no HTML escaping, and the
/// `usd`, `mdy`, `long_date`, `slack`, `slack_url`, `shorten`, `add_days`
/// and `sf_id` filters.
pub fn env() -> &'static Environment<'static> {
    static ENV: OnceLock<Environment<'static>> = OnceLock::new();
    ENV.get_or_init(|| {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_auto_escape_callback(|_| minijinja::AutoEscape::None);
        env.add_filter("usd", usd);
        env.add_filter("mdy", mdy);
        env.add_filter("slack", slack);
        env.add_filter("add_days", add_days);
        env.add_filter("long_date", long_date);
        env.add_filter("sf_id", sf_id);
        env.add_filter("shorten", shorten);
        env.add_filter("slack_url", slack_url);
        env
    })
}

/// Renders a template string with the context.
pub fn render(source: &str, ctx: &Value) -> Result<String, minijinja::Error> {
    // Text without a brace holds no tag, expression or comment: it renders
    // as itself, less the one trailing line break minijinja drops, with no
    // template to compile (most checklist lines and labels).
    if !source.contains('{') {
        return Ok(without_last_line_break(source).to_string());
    }
    if let Some(text) = placeholders_only(source, ctx) {
        return Ok(text);
    }
    env().render_str(source, ctx)
}

/// The source as the engine reads it: less one trailing `\n`, then one `\r`.
fn without_last_line_break(source: &str) -> &str {
    let text = source.strip_suffix('\n').unwrap_or(source);
    text.strip_suffix('\r').unwrap_or(text)
}

/// Words the engine reads as literals or operators, never as variables.
const KEYWORDS: &[&str] = &[
    "true", "false", "none", "True", "False", "None", "not", "and", "or", "in", "is", "if", "else",
    "loop", "self", "super", "varargs", "kwargs", "caller",
];

/// A template whose only markup is `{{ name }}` or `{{ name.attr }}`
/// placeholders, each naming a string: rendered as the engine renders it
/// (the string as it is), without compiling a template. `None` for
/// anything else (a filter, a tag, a comment, a lone brace, a value that
/// is not a string, an undefined name), which the engine then renders or
/// refuses.
fn placeholders_only(source: &str, ctx: &Value) -> Option<String> {
    let word = |w: &str| {
        let mut chars = w.chars();
        chars
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
            && !KEYWORDS.contains(&w)
    };
    let mut rest = without_last_line_break(source);
    let mut out = String::with_capacity(rest.len());
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i]);
        let inner = rest[i..].strip_prefix("{{")?;
        let end = inner.find("}}")?;
        let name = inner[..end].trim_matches(' ');
        if !name.split('.').all(word) {
            return None;
        }
        let mut value = ctx.clone();
        for part in name.split('.') {
            value = value.get_attr(part).ok()?;
        }
        out.push_str(value.as_str()?);
        rest = &inner[end + 2..];
    }
    out.push_str(rest);
    Some(out)
}

/// Evaluates a condition; its truthiness decides.
pub fn holds(expr: &str, ctx: &Value) -> Result<bool, minijinja::Error> {
    let e = env().compile_expression(expr)?;
    Ok(e.eval(ctx)?.is_true())
}

/// Evaluates an expression (a playbook's `computed:` value) to JSON.
pub fn eval(expr: &str, ctx: &Value) -> Result<serde_json::Value, minijinja::Error> {
    let v = env().compile_expression(expr)?.eval(ctx)?;
    if v.is_undefined() {
        return Err(minijinja::Error::new(
            minijinja::ErrorKind::UndefinedError,
            "the expression has no value",
        ));
    }
    serde_json::to_value(&v)
        .map_err(|e| minijinja::Error::new(minijinja::ErrorKind::InvalidOperation, e.to_string()))
}

/// The variables a template or condition reads, as `name` or `name.attr`,
/// less the engine's own globals. A syntax error comes back as the error.
pub fn variables(source: &str, is_condition: bool) -> Result<BTreeSet<String>, minijinja::Error> {
    let vars = if is_condition {
        env().compile_expression(source)?.undeclared_variables(true)
    } else {
        env().template_from_str(source)?.undeclared_variables(true)
    };
    Ok(vars
        .into_iter()
        .filter(|v| !ENGINE_GLOBALS.contains(&v.split('.').next().unwrap_or("")))
        .collect())
}

/// The filters a template or condition uses that cs does not have
/// (`| jion(', ')`): minijinja only finds them when it renders, so a
/// playbook that passed lint would fail its first run.
pub fn unknown_filters(source: &str, is_condition: bool) -> Vec<String> {
    static FILTER: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"\|\s*([A-Za-z_][A-Za-z0-9_]*)").unwrap_or_else(|e| panic!("{e}"))
    });
    // The code of the template: its {{ }} and {% %} blocks, or all of a
    // condition.
    let mut code = Vec::new();
    if is_condition {
        code.push(source);
    } else {
        let mut rest = source;
        while let Some(i) = rest.find(['{']) {
            let after = &rest[i + 1..];
            let close = match after.chars().next() {
                Some('{') => "}}",
                Some('%') => "%}",
                _ => {
                    rest = after;
                    continue;
                }
            };
            let end = after.find(close).unwrap_or(after.len());
            code.push(&after[1..end.max(1)]);
            rest = &after[end.min(after.len())..];
        }
    }
    let mut out: Vec<String> = Vec::new();
    for c in code {
        for m in FILTER.captures_iter(c) {
            let name = &m[1];
            if out.iter().any(|o| o == name) {
                continue;
            }
            thread_local! {
                static KNOWN: std::cell::RefCell<std::collections::HashMap<String, bool>> =
                    Default::default();
            }
            let unknown = KNOWN.with(|k| {
                *k.borrow_mut().entry(name.to_string()).or_insert_with(|| {
                    let probe = format!("{{{{ 1 | {name} }}}}");
                    env()
                        .render_str(&probe, ())
                        .err()
                        .is_some_and(|e| e.kind() == minijinja::ErrorKind::UnknownFilter)
                })
            });
            if unknown {
                out.push(name.to_string());
            }
        }
    }
    out
}

/// The names written out by a template's `{{ ... }}` expressions: the first
/// name of each (`{{ triggers | join(', ') }}` writes out `triggers`).
/// Names only read inside `{% if %}` and the like are not written out.
pub fn interpolated(source: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = source;
    while let Some(i) = rest.find("{{") {
        rest = &rest[i + 2..];
        let expr = rest.trim_start_matches('-').trim_start();
        let end = expr
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(expr.len());
        let name = &expr[..end];
        // A plain name, not a call, an attribute or the start of an operation.
        let next = expr[end..].trim_start();
        if !name.is_empty()
            && !name.starts_with(|c: char| c.is_ascii_digit())
            && (next.starts_with('|') || next.starts_with("}}") || next.starts_with("-}}"))
        {
            out.push(name);
        }
    }
    out
}

/// If the template is exactly `{{ name }}`, the name: the answer then keeps its type.
pub fn lone_variable(source: &str) -> Option<&str> {
    let inner = source.trim().strip_prefix("{{")?.strip_suffix("}}")?.trim();
    let ok = !inner.is_empty()
        && inner
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.')
        && !inner.starts_with(|c: char| c.is_ascii_digit());
    ok.then_some(inner)
}

/// One-line description of a minijinja error, without its debug dump.
pub fn describe(e: &minijinja::Error) -> String {
    let mut s = match e.detail() {
        Some(d) => format!("{}: {d}", e.kind()),
        None => e.kind().to_string(),
    };
    if let Some(line) = e.line().filter(|l| *l > 1) {
        s.push_str(&format!(" (template line {line})"));
    }
    s
}

#[cfg(test)]
mod tests {
    /// Text without a brace skips the template engine and comes out as the
    /// engine renders it, trailing line breaks included.
    #[test]
    fn plain_text_renders_as_the_engine_renders_it() {
        let ctx = minijinja::context! { a => 1 };
        for text in [
            "",
            "Call the customer.",
            "line\n",
            "line\r\n",
            "line\r",
            "two\n\n",
            "\n",
            "\r\n",
            "\n\r",
            "  spaced  \n",
            "Peña – 10% off; <b>&amp;</b> \\ \"quoted\"",
            "a }} b %} c #}",
        ] {
            assert!(!text.contains('{'));
            let engine = super::env().render_str(text, &ctx).unwrap();
            assert_eq!(super::render(text, &ctx).unwrap(), engine, "{text:?}");
        }
        assert_eq!(super::render("{{ a }}\n", &ctx).unwrap(), "1");
    }

    /// A template of string placeholders alone skips the engine and comes
    /// out as the engine renders it; anything else is the engine's.
    #[test]
    fn string_placeholders_render_as_the_engine_renders_them() {
        let ctx = minijinja::context! {
            name => "Acme – Peña {{ not a tag }}",
            empty => "",
            n => 3,
            none_value => (),
            list => vec!["a", "b"],
            record => minijinja::context! { CaseNumber => "00012345", n => 7 },
            summary => minijinja::context! { steps => "call; email" },
        };
        let fast = [
            "{{ name }}",
            "{{name}}",
            "Case {{ record.CaseNumber }} for {{ name }}\n",
            "{{ empty }}{{ summary.steps }}\r\n",
            "a }} b {{ name }} c",
        ];
        for text in fast {
            let engine = super::env().render_str(text, &ctx).unwrap();
            assert_eq!(
                super::placeholders_only(text, &ctx),
                Some(engine),
                "{text:?}"
            );
        }
        let engines = [
            "{{ n }}",
            "{{ none_value }}",
            "{{ list }}",
            "{{ record.n }}",
            "{{ name | upper }}",
            "{{- name }}",
            "{{ name }} {% if n %}x{% endif %}",
            "{# note #}{{ name }}",
            "a { b {{ name }}",
            "{{ true }}",
            "{{ loop }}",
            "{{ name[0] }}",
            "{{ 'name' }}",
            "{{\tname }}",
        ];
        for text in engines {
            assert_eq!(super::placeholders_only(text, &ctx), None, "{text:?}");
            let via = super::render(text, &ctx).map_err(|e| e.to_string());
            let engine = super::env()
                .render_str(text, &ctx)
                .map_err(|e| e.to_string());
            assert_eq!(via, engine, "{text:?}");
        }
        // An undefined name is the engine's error, not an empty string.
        assert!(super::placeholders_only("{{ missing }}", &ctx).is_none());
        assert!(super::render("{{ missing }}", &ctx).is_err());
    }
}
