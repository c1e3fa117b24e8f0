//! SHA-256 sums: one helper hashes any stream into lowercase hex (a file, a
//! decompressed file, a download as it arrives), and [`FileCheck`] records how
//! one file compared with the sum it should have.

use std::path::PathBuf;

use sha2::{Digest, Sha256};

/// The outcome of checking one file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileCheck {
    /// The file name without `.gz`.
    pub name: String,
    /// The file checked (`name.gz` or `name`).
    pub path: PathBuf,
    /// The expected SHA-256 of the decompressed bytes, lowercase hex.
    pub expected: String,
    /// The actual SHA-256 of the decompressed bytes, lowercase hex.
    pub actual: String,
}

impl FileCheck {
    /// Whether the sums agree.
    pub fn ok(&self) -> bool {
        self.actual == self.expected
    }
}

/// The SHA-256, as lowercase hex, of the bytes `fill` hands over: it is called
/// with a buffer until it returns 0 (end of input) or an error, which is returned.
pub(crate) fn sha256_hex<E>(
    mut fill: impl FnMut(&mut [u8]) -> std::result::Result<usize, E>,
) -> std::result::Result<String, E> {
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let got = fill(&mut buf)?;
        if got == 0 {
            return Ok(hasher
                .finalize()
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect());
        }
        hasher.update(&buf[..got]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Feeds `data` in pieces of at most `piece` bytes.
    fn pieces(data: &[u8], piece: usize) -> impl FnMut(&mut [u8]) -> Result<usize, ()> + '_ {
        let mut at = 0;
        move |buf| {
            let n = piece.min(buf.len()).min(data.len() - at);
            buf[..n].copy_from_slice(&data[at..at + n]);
            at += n;
            Ok(n)
        }
    }

    #[test]
    fn known_digests_however_the_bytes_arrive() {
        // FIPS 180-2 test vectors.
        let empty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        let abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        assert_eq!(sha256_hex(pieces(b"", 1)).unwrap(), empty);
        for piece in [1, 2, 3, 64 * 1024] {
            assert_eq!(sha256_hex(pieces(b"abc", piece)).unwrap(), abc);
        }
        let big = vec![7u8; 200_000]; // more than one buffer
        let whole = sha256_hex(pieces(&big, usize::MAX)).unwrap();
        assert_eq!(sha256_hex(pieces(&big, 1000)).unwrap(), whole);
        let direct: String = Sha256::digest(&big)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(whole, direct);
    }

    #[test]
    fn an_error_stops_the_hash_and_is_returned() {
        let mut calls = 0;
        let r = sha256_hex(|buf| {
            calls += 1;
            if calls == 2 {
                Err("broken")
            } else {
                buf[0] = 1;
                Ok(1)
            }
        });
        assert_eq!(r, Err("broken"));
    }
}
