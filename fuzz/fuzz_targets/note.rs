//! The N1 note parser and fixer: no panic, and a fixed note always checks.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        let _ = cs::fields::note::parse(s);
        if let Ok(fixed) = cs::fields::note::fix(s) {
            let text = fixed.to_string();
            assert!(cs::fields::note::parse(&text).is_ok(), "{text:?}");
        }
    }
});
