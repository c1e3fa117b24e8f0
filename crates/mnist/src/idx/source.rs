//! An input stream that knows where it comes from, whether it is gzipped, and
//! how much memory its length can justify.

use std::fs::File;
use std::io::{self, BufReader, Cursor, Read};
use std::path::{Path, PathBuf};

use flate2::bufread::MultiGzDecoder;

use crate::error::{Error, Result};

/// gzip's magic bytes (RFC 1952).
const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// DEFLATE cannot expand input by more than about 1032:1, so a compressed
/// input of `n` bytes justifies at most this many times `n` bytes of output.
const MAX_DEFLATE_RATIO: u64 = 1032;

/// With no known input length, buffers start this small and grow only as
/// bytes actually arrive.
const UNKNOWN_LENGTH_START: u64 = 64 * 1024;

/// The read buffer; large enough that gzip decoding dominates, not syscalls.
pub(crate) const CHUNK: usize = 64 * 1024;

/// A decompressed byte stream plus what is known about its origin.
pub(crate) struct Source<'a> {
    /// Named in every error.
    pub path: PathBuf,
    read: Box<dyn Read + 'a>,
    gzip: bool,
    /// Length of the raw input (compressed, if gzipped), when known.
    input_len: Option<u64>,
    /// Decompressed bytes handed out so far.
    consumed: u64,
}

impl<'a> Source<'a> {
    /// Opens `path`, detecting gzip from its first bytes.
    pub fn open(path: &Path) -> Result<Source<'static>> {
        let file = File::open(path).map_err(|e| Error::io(path, e))?;
        let len = file.metadata().map_err(|e| Error::io(path, e))?.len();
        Source::new(file, path, Some(len))
    }

    /// Wraps any reader, detecting gzip from its first bytes.
    pub fn new<R: Read + 'a>(mut reader: R, path: &Path, input_len: Option<u64>) -> Result<Self> {
        let mut magic = [0u8; 2];
        let got = read_up_to(&mut reader, &mut magic).map_err(|e| Error::io(path, e))?;
        let gzip = got == 2 && magic == GZIP_MAGIC;
        let raw =
            BufReader::with_capacity(CHUNK, Cursor::new(magic).take(got as u64).chain(reader));
        let read: Box<dyn Read + 'a> = if gzip {
            // Concatenated gzip members are valid gzip (RFC 1952 §2.2).
            Box::new(MultiGzDecoder::new(raw))
        } else {
            Box::new(raw)
        };
        Ok(Source {
            path: path.to_path_buf(),
            read,
            gzip,
            input_len,
            consumed: 0,
        })
    }

    /// For a plain input of known length: the bytes not yet read.
    fn plain_remaining(&self) -> Option<u64> {
        match (self.gzip, self.input_len) {
            (false, Some(len)) => Some(len.saturating_sub(self.consumed)),
            _ => None,
        }
    }

    /// Checks what can be checked before reading `n` data bytes: a plain file
    /// of known length must hold exactly `n` more bytes.
    pub fn check_length(&self, n: u64) -> Result<()> {
        match self.plain_remaining() {
            Some(rest) if rest < n => Err(Error::Truncated {
                path: self.path.clone(),
                expected: n,
                found: rest,
            }),
            Some(rest) if rest > n => Err(Error::TrailingBytes {
                path: self.path.clone(),
                expected: n,
                extra: rest - n,
            }),
            _ => Ok(()),
        }
    }

    /// How many of `n` declared bytes may be allocated up front: all of them
    /// only when the input's length can back them.
    pub fn capacity_for(&self, n: u64) -> usize {
        let justified = match (self.gzip, self.input_len) {
            (false, Some(len)) => len,
            (true, Some(len)) => len.saturating_mul(MAX_DEFLATE_RATIO),
            (_, None) => UNKNOWN_LENGTH_START,
        };
        usize::try_from(n.min(justified)).unwrap_or(usize::MAX)
    }

    /// Reads up to `buf.len()` bytes, filling `buf` unless the input ends;
    /// errors name the file.
    pub fn fill(&mut self, buf: &mut [u8]) -> Result<usize> {
        read_up_to(self, buf).map_err(|e| self.error(e))
    }

    /// Reads exactly `n` data bytes, handing them to `sink` in chunks.
    pub fn read_data(&mut self, n: u64, mut sink: impl FnMut(&[u8])) -> Result<()> {
        self.check_length(n)?;
        // A read that fails part-way still hands out bytes, so the count for a
        // truncation comes from the stream, not from the chunks that filled.
        let start = self.consumed;
        let mut buf = vec![0u8; CHUNK.min(self.capacity_for(n).max(1))];
        let mut left = n;
        while left > 0 {
            let want = buf.len().min(usize::try_from(left).unwrap_or(usize::MAX));
            let got = match self.fill(&mut buf[..want]) {
                Ok(got) => got,
                Err(Error::Gzip { error, .. }) if error.kind() == io::ErrorKind::UnexpectedEof => 0,
                Err(e) => return Err(e),
            };
            if got == 0 {
                return Err(Error::Truncated {
                    path: self.path.clone(),
                    expected: n,
                    found: (self.consumed - start).min(n),
                });
            }
            sink(&buf[..got]);
            left -= got as u64;
        }
        Ok(())
    }

    /// Makes sure the input ends after `expected` data bytes. A gzip stream
    /// is read to its end, which is also where its CRC is checked.
    pub fn finish(&mut self, expected: u64) -> Result<()> {
        if let Some(rest) = self.plain_remaining() {
            if rest > 0 {
                return Err(Error::TrailingBytes {
                    path: self.path.clone(),
                    expected,
                    extra: rest,
                });
            }
            // A file that grew while being read still counts as trailing bytes.
        }
        let mut extra = 0u64;
        let mut buf = [0u8; 4096];
        loop {
            let got = self.fill(&mut buf)?;
            if got == 0 {
                break;
            }
            extra += got as u64;
        }
        if extra > 0 {
            return Err(Error::TrailingBytes {
                path: self.path.clone(),
                expected,
                extra,
            });
        }
        Ok(())
    }

    /// Names the file in an I/O error; errors from the decoder are gzip errors.
    fn error(&self, e: io::Error) -> Error {
        if self.gzip {
            Error::Gzip {
                path: self.path.clone(),
                error: e,
            }
        } else {
            Error::io(&self.path, e)
        }
    }
}

impl Read for Source<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let got = self.read.read(buf)?;
        self.consumed += got as u64;
        Ok(got)
    }
}

/// Reads until `buf` is full or the input ends; returns the bytes read.
fn read_up_to(reader: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut got = 0;
    while got < buf.len() {
        match reader.read(&mut buf[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(got)
}
