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

/// What a stop says when the command was not at a prompt or in a step.
const NOTHING_WRITTEN: &str = "\ninterrupted; nothing was written.\n";

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
///
/// The handler proper may only do what is safe in the middle of any code
/// (write to a file descriptor, exit), so it writes a byte to a pipe that a
/// thread of cs's reads; the thread then does what the signal means
/// ([`handle`]). That thread is started the first time something asks for
/// it ([`watch`]): a temporary file to remove, a prompt's answers to point
/// at, a step to finish. Until then there is nothing to clean up and
/// nothing to say but that nothing was written, which the handler says
/// itself before it exits; most commands finish without the thread.
#[cfg(unix)]
pub fn install() {
    // SAFETY: a zeroed sigaction is a valid one (no flags, no mask), then
    // given a handler that only does what signal handlers may.
    unsafe {
        let mut action: libc::sigaction = std::mem::zeroed();
        action.sa_sigaction = on_signal as extern "C" fn(libc::c_int) as libc::sighandler_t;
        action.sa_flags = libc::SA_RESTART;
        libc::sigemptyset(&mut action.sa_mask);
        for signal in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
            libc::sigaction(signal, &action, std::ptr::null_mut());
        }
    }
}

#[cfg(not(unix))]
pub fn install() {
    let _ = ctrlc::set_handler(handle);
}

/// The pipe's end the handler writes to, once the thread reads it.
#[cfg(unix)]
static PIPE: std::sync::atomic::AtomicI32 = std::sync::atomic::AtomicI32::new(-1);

#[cfg(unix)]
extern "C" fn on_signal(_: libc::c_int) {
    let pipe = PIPE.load(Ordering::SeqCst);
    // SAFETY: write and _exit are async-signal-safe; the buffers are static
    // or on this stack. The pipe does not block: were it ever full, the
    // thread has signals enough to read.
    unsafe {
        if pipe >= 0 {
            let saved = *errno();
            libc::write(pipe, [1u8].as_ptr().cast(), 1);
            *errno() = saved;
            return;
        }
        libc::write(2, NOTHING_WRITTEN.as_ptr().cast(), NOTHING_WRITTEN.len());
        libc::_exit(EXIT);
    }
}

/// Where the thread's last error code is: the handler keeps the
/// interrupted code's.
#[cfg(all(unix, any(target_os = "linux", target_os = "android")))]
unsafe fn errno() -> *mut libc::c_int {
    // SAFETY: the C library's own, valid for the calling thread.
    unsafe { libc::__errno_location() }
}

#[cfg(all(unix, not(any(target_os = "linux", target_os = "android"))))]
unsafe fn errno() -> *mut libc::c_int {
    // SAFETY: the C library's own, valid for the calling thread.
    unsafe { libc::__error() }
}

/// Makes sure that from now on a signal reaches [`handle`]: called before
/// anything is set that a stop must clean up or say. Starts the thread
/// that reads the pipe, once; if the pipe or the thread cannot be made, a
/// signal keeps stopping cs at once, and the next command to write in the
/// folder sweeps what is left.
#[cfg(unix)]
fn watch() {
    use std::io::Read;
    use std::os::fd::IntoRawFd;
    static STARTED: std::sync::Once = std::sync::Once::new();
    STARTED.call_once(|| {
        let Ok((mut reader, writer)) = std::io::pipe() else {
            return;
        };
        let thread = std::thread::Builder::new()
            .name("signals".into())
            .spawn(move || {
                let mut byte = [0u8; 1];
                loop {
                    match reader.read(&mut byte) {
                        Ok(1) => handle(),
                        Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                        _ => return,
                    }
                }
            });
        if thread.is_ok() {
            let fd = writer.into_raw_fd();
            // SAFETY: fcntl on the descriptor just taken from the pipe.
            unsafe { libc::fcntl(fd, libc::F_SETFL, libc::O_NONBLOCK) };
            PIPE.store(fd, Ordering::SeqCst);
        }
    });
}

/// Elsewhere the handler's own thread is always there.
#[cfg(not(unix))]
fn watch() {}

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
        _ => stop_now(NOTHING_WRITTEN),
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
    watch();
    *lock(&NOTICE) = notice.map(str::to_string);
    MODE.store(GRACEFUL, Ordering::SeqCst);
}

/// From now on a signal prints what `say` returns and exits: the command
/// is waiting at a prompt.
pub fn at_prompt(say: impl Fn() -> String + Send + 'static) {
    watch();
    *lock(&PROMPT_MESSAGE) = Some(Box::new(say));
    MODE.store(PROMPT, Ordering::SeqCst);
}

/// A temporary file to remove if a signal stops cs at once.
pub fn track(path: &Path) {
    watch();
    lock(&TEMP_FILES).push(path.to_path_buf());
}

/// The file is renamed into place or removed: no longer cs's to clean.
pub fn untrack(path: &Path) {
    lock(&TEMP_FILES).retain(|p| p != path);
}
