//! The journal's seal: each line's `hash` is an HMAC-SHA256 of its text
//! under a key of this machine's, kept in `journal.key` in the state
//! directory (32 random bytes, 0600, made on first use). Anyone can
//! recompute a plain hash chain after editing a journal; nobody without
//! the key can recompute this one. So a journal forged, or edited
//! anywhere, is refused by `--verify`, `--resume` and `--undo`; one
//! written on another machine is refused too, which is meant: it is that
//! machine's to resume or undo.

use crate::error::{Error, io_reason};
use hmac::{KeyInit, Mac};
use std::io::Write;
use std::path::Path;
use std::sync::OnceLock;

type HmacSha256 = hmac::Hmac<sha2::Sha256>;

static KEY: OnceLock<Result<[u8; 32], Error>> = OnceLock::new();

/// The seal of `text`: 64 lowercase hex digits.
pub fn seal(text: &str) -> Result<String, Error> {
    let key = KEY.get_or_init(load).as_ref().map_err(Clone::clone)?;
    let mut mac = HmacSha256::new_from_slice(key)
        .map_err(|e| Error::internal(format!("journal key: {e}")))?;
    mac.update(text.as_bytes());
    let bytes = mac.finalize().into_bytes();
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

fn load() -> Result<[u8; 32], Error> {
    // Unit tests have no state directory of their own.
    if cfg!(test) && std::env::var_os("CS_STATE_DIR").is_none() {
        return Ok([7; 32]);
    }
    let dir = crate::files::state_dir().ok_or_else(|| {
        Error::user("cannot find a state directory for the journal's key.")
            .with_hint("set CS_STATE_DIR to a directory cs may write")
    })?;
    at(&dir.join("journal.key"))
}

/// The key at `path`, made when there is none.
fn at(path: &Path) -> Result<[u8; 32], Error> {
    let fail = |e: std::io::Error| {
        Error::user(format!(
            "cannot use the journal key {}: {}.",
            path.display(),
            io_reason(&e)
        ))
        .with_hint("cs seals its journals with this key; make the state directory writable (or set CS_STATE_DIR)")
    };
    match std::fs::read_to_string(path) {
        Ok(text) => return parse(text.trim()).ok_or_else(|| {
            Error::user(format!("{} is not a journal key (64 hex digits).", path.display()))
                .with_hint("it was changed by hand; restore it from a backup, or remove it (journals sealed with it can then no longer be verified here)")
        }),
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(fail(e)),
        Err(_) => {}
    }
    let mut key = [0u8; 32];
    getrandom::fill(&mut key)
        .map_err(|e| Error::internal(format!("no randomness for the journal key: {e}")))?;
    let hex: String = key.iter().map(|b| format!("{b:02x}")).collect();
    if let Some(dir) = path.parent() {
        crate::files::create_dir(dir).map_err(fail)?;
    }
    // Made whole under a temporary name, then linked into place without
    // replacing: two runs making it at once agree on the one that won.
    let mut tmp =
        tempfile::NamedTempFile::new_in(path.parent().unwrap_or(Path::new("."))).map_err(fail)?;
    tmp.write_all(format!("{hex}\n").as_bytes())
        .and_then(|_| tmp.as_file().sync_all())
        .map_err(fail)?;
    match tmp.persist_noclobber(path) {
        Ok(_) => Ok(key),
        Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => {
            let text = std::fs::read_to_string(path).map_err(fail)?;
            parse(text.trim())
                .ok_or_else(|| Error::internal("the journal key another run made is not readable"))
        }
        Err(e) => Err(fail(e.error)),
    }
}

fn parse(hex: &str) -> Option<[u8; 32]> {
    if hex.len() != 64 {
        return None;
    }
    let mut key = [0u8; 32];
    for (i, b) in key.iter_mut().enumerate() {
        *b = u8::from_str_radix(hex.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(key)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_key_is_made_once_private_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("state/journal.key");
        let a = super::at(&p).unwrap();
        let b = super::at(&p).unwrap();
        assert_eq!(a, b);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
        std::fs::write(&p, "not a key\n").unwrap();
        assert!(super::at(&p).is_err());
    }
}
