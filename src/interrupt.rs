//! SIGINT, SIGTERM and SIGHUP (Ctrl-C, `kill`, a closed terminal, a
//! cancelled CI job) take one path in every command: [`install`] sets one
//! handler for the three, and what it does depends on what the command is
//! doing.
//!
//! - By default the command stops at once: temporary files are removed and
//!   cs exits 130. Nothing half-written is left, because every output is
//!   written to a temporary file and renamed into place only when whole.
//! - At a prompt ([`at_prompt`]) the handler says where the typed answers
//!   are saved, then exits 130.
//! - During long work that checks [`requested`] between steps (a batch, a
//!   submission; [`graceful`]) the first signal asks it to stop after the
//!   step in flight, printing a notice when one is set; a second signal
//!   stops at once, as by default.
//!
//! Every signal exits 130 (128 + SIGINT), whichever of the three it was:
//! scripts test one code for "stopped by a person or a supervisor".

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU8, AtomicUsize, Ordering};

/// The exit code of a run stopped by a signal.
pub const EXIT: i32 = 130;

const DEFAULT: u8 = 0;
const PROMPT: u8 = 1;
const GRACEFUL: u8 = 2;

static MODE: AtomicU8 = AtomicU8::new(DEFAULT);
static COUNT: AtomicUsize = AtomicUsize::new(0);
type Say = Box<dyn Fn() -> String + Send>;
static PROMPT_MESSAGE: Mutex<Option<Say>> = Mutex::new(None);
static NOTICE: Mutex<Option<String>> = Mutex::new(None);
static TEMP_FILES: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Sets the handler (once, at start). Without it a signal kills cs as the
/// operating system does by default.
pub fn install() {
    let _ = ctrlc::set_handler(handle);
}

fn handle() {
    let n = COUNT.fetch_add(1, Ordering::SeqCst) + 1;
    match MODE.load(Ordering::SeqCst) {
        PROMPT => prompt_stopped(),
        GRACEFUL if n == 1 => {
            if let Some(notice) = lock(&NOTICE).as_ref() {
                let _ = std::io::stderr().write_all(format!("\n{notice}\n").as_bytes());
            }
        }
        GRACEFUL => stop_now(
            "\nstopped at once; the journal says which call was in flight (its outcome is unknown and is checked on resume).\n",
        ),
        _ => stop_now("\ninterrupted; nothing was written.\n"),
    }
}

/// At a prompt: the cursor shown again, where the answers are said, exit.
fn prompt_stopped() {
    let term = dialoguer::console::Term::stderr();
    let msg = lock(&PROMPT_MESSAGE).as_ref().map(|f| f());
    let _ = term.show_cursor();
    stop_now(msg.as_deref().unwrap_or("\ninterrupted.\n"));
}

/// Ctrl-C read as a key at a prompt (the terminal in raw mode sends no
/// signal; console raises one too): the same stop as the signal's, so
/// there is one message and the cursor comes back, whichever path wins.
/// Returns only when cs is not at a handled prompt.
pub fn stop_at_prompt() {
    if MODE.load(Ordering::SeqCst) == PROMPT {
        COUNT.fetch_add(1, Ordering::SeqCst);
        prompt_stopped();
    }
}

/// Removes the temporary files, says `msg` and exits [`EXIT`]. Once: a
/// second path that gets here (the signal's thread and the prompt's)
/// waits for the first to exit.
fn stop_now(msg: &str) {
    static STOPPING: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
    if STOPPING.swap(true, Ordering::SeqCst) {
        loop {
            std::thread::park();
        }
    }
    for p in lock(&TEMP_FILES).iter() {
        let _ = std::fs::remove_file(p);
    }
    let _ = std::io::stderr().write_all(msg.as_bytes());
    std::process::exit(EXIT);
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// Has a signal asked the command to stop?
pub fn requested() -> bool {
    COUNT.load(Ordering::Relaxed) > 0
}

/// From now on a signal stops the command after its step in flight (it
/// checks [`requested`]); `notice`, if any, is printed on the first one.
pub fn graceful(notice: Option<&str>) {
    *lock(&NOTICE) = notice.map(str::to_string);
    MODE.store(GRACEFUL, Ordering::SeqCst);
}

/// From now on a signal prints what `say` returns and exits: the command
/// is waiting at a prompt.
pub fn at_prompt(say: impl Fn() -> String + Send + 'static) {
    *lock(&PROMPT_MESSAGE) = Some(Box::new(say));
    MODE.store(PROMPT, Ordering::SeqCst);
}

/// A temporary file to remove if a signal stops cs at once.
pub fn track(path: &Path) {
    lock(&TEMP_FILES).push(path.to_path_buf());
}

/// The file is renamed into place or removed: no longer cs's to clean.
pub fn untrack(path: &Path) {
    lock(&TEMP_FILES).retain(|p| p != path);
}
