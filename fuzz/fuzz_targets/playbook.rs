//! The playbook loader and linter over any text.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = cs::error::decode_utf8(data, "t.yaml") {
        let source = cs::playbook::Source {
            id: "t".into(),
            path: "t.yaml".into(),
            text,
            embedded: false,
        };
        let tax = cs::playbook::Library::default().taxonomy().ok();
        let _ = cs::playbook::lint::lint_source(&source, tax.as_ref());
    }
});
