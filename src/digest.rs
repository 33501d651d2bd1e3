//! SHA-256 as lowercase hex: the one digest cs derives keys, UIDs and
//! file fingerprints from.

use sha2::{Digest, Sha256};

/// The first `bytes` bytes (at most 32) of the SHA-256 of `data`, as hex.
pub fn sha256_hex(data: &[u8], bytes: usize) -> String {
    Sha256::digest(data)
        .iter()
        .take(bytes)
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn hex_of_the_whole_digest_or_its_first_bytes() {
        // FIPS 180-2 test vector.
        let abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        assert_eq!(super::sha256_hex(b"abc", 32), abc);
        assert_eq!(super::sha256_hex(b"abc", 8), &abc[..16]);
    }
}
