//! Properties of the parsers over any input: no panic, and the N1 note
//! algebra (fix is idempotent, fixed notes check, valid notes round-trip).

use cs::fields::note;
use proptest::prelude::*;

fn lint(text: &str) {
    let source = cs::playbook::Source {
        id: "t".into(),
        path: "t.yaml".into(),
        text: text.to_string().into(),
        embedded: false,
    };
    let tax = cs::playbook::Library::default().taxonomy().unwrap();
    let _ = cs::playbook::lint::lint_source(&source, Some(&tax), Some(cs::sops::check_playbook));
}

/// Text near the note grammar, so the interesting branches are reached.
fn noteish() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[0-9/_ :A-Za-z]{0,30}",
        "[0-1][0-9]/[0-3][0-9]/[0-9]{2}[_ -]?[A-Za-z]{1,5} ?: ?[ -~]{0,20}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn note_parser_never_panics(s in noteish()) {
        let _ = note::parse(&s);
        let _ = note::fix(&s);
    }

    #[test]
    fn note_fix_is_idempotent_and_fixed_notes_check(s in noteish()) {
        if let Ok(fixed) = note::fix(&s) {
            let once = fixed.to_string();
            prop_assert!(note::parse(&once).is_ok(), "{once:?} does not check");
            let twice = note::fix(&once).unwrap().to_string();
            prop_assert_eq!(once, twice);
        }
    }

    #[test]
    fn a_valid_note_round_trips(
        days in 0i64..36_500,
        initials in "[A-Z]{2,4}",
        action in "[!-~][ -~]{0,40}[!-~]",
    ) {
        let date = chrono::NaiveDate::from_ymd_opt(2000, 1, 1).unwrap() + chrono::Duration::days(days);
        let n = note::Note::new(date, &initials, &action).unwrap();
        let text = n.to_string();
        let parsed = note::parse(&text).unwrap();
        prop_assert_eq!(&parsed, &n);
        prop_assert_eq!(parsed.to_string(), text);
    }

    #[test]
    fn playbook_loader_and_linter_never_panic(s in any::<String>()) {
        lint(&s);
    }

    #[test]
    fn playbook_linter_never_panics_on_mutated_playbooks(cut in 0usize..6000, insert in "[ -~\n]{0,12}") {
        let base = include_str!("../../playbooks/escalation.yaml");
        let mut cut = cut.min(base.len());
        while !base.is_char_boundary(cut) { cut -= 1; }
        lint(&format!("{}{}{}", &base[..cut], insert, &base[cut..]));
    }

    #[test]
    fn answers_loader_never_panics(s in any::<String>()) {
        let _ = cs::answers::Provided::from_text("a.yaml", &s);
    }

    #[test]
    fn batch_reader_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..400), header in any::<bool>()) {
        let mut data = if header { b"account_id,account_name,from_csm,to_csm,reason,health,open_opps\n".to_vec() } else { Vec::new() };
        data.extend(bytes);
        let dir = tempfile::tempdir().unwrap();
        let lib = cs::playbook::Library::default();
        let loaded = lib.load("transition").unwrap();
        let progress = cs::batch::Progress::new(None);
        if let Ok(input) = cs::batch::Input::from_reader("b.csv".into(), Box::new(std::io::Cursor::new(data)), None) {
            let out = cs::batch::OutDir::new(dir.path()).unwrap();
            let _ = cs::sops::transition::run_batch(&loaded, input, &out, cs::sops::transition::BatchOptions {
                allow_extra: true,
                today: chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
                progress: &progress,
                org: None,
                input_path: None,
            });
        }
    }
}
