//! The batch CSV reader: a transition batch over any bytes.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let dir = tempfile_dir();
    let lib = cs::playbook::Library::default();
    let Ok(loaded) = lib.load("transition") else { return };
    let progress = cs::batch::Progress::new(None);
    let Ok(input) = cs::batch::Input::from_reader("b.csv".into(), Box::new(std::io::Cursor::new(data.to_vec())), None) else { return };
    let Ok(out) = cs::batch::OutDir::new(&dir) else { return };
    let _ = cs::sops::transition::run_batch(
        &loaded,
        input,
        &out,
        cs::sops::transition::BatchOptions {
            allow_extra: true,
            today: chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
            progress: &progress,
            org: None,
            input_path: None,
        },
    );
    let _ = std::fs::remove_dir_all(&dir);
});

fn tempfile_dir() -> std::path::PathBuf {
    let n = std::sync::atomic::AtomicU64::new(0);
    std::env::temp_dir().join(format!("cs-fuzz-{}-{}", std::process::id(), n.fetch_add(1, std::sync::atomic::Ordering::Relaxed)))
}
