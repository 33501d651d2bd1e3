//! The answers loader, then collection against the escalation playbook.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = cs::error::decode_utf8(data, "a.yaml") else { return };
    let Ok(provided) = cs::answers::Provided::from_text("a.yaml", &text) else { return };
    let lib = cs::playbook::Library::default();
    let (Ok(loaded), Ok(tax)) = (lib.load("escalation"), lib.taxonomy()) else { return };
    let _ = cs::answers::Collector {
        playbook_id: "escalation",
        form: loaded.playbook.main(),
        taxonomy: Some(&tax),
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
        prompter: None,
        on_answer: None,
        summary: Default::default(),
    }
    .collect(&provided);
});
