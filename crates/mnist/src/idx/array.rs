//! The typed array an IDX file holds.

use std::fmt;

/// The largest number of dimensions accepted. The format allows 255, but no
/// real data set has more than a handful; more is taken as a corrupt header.
pub const MAX_RANK: usize = 16;

/// The element type of an IDX file, with its type code as discriminant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum IdxType {
    /// Unsigned byte, code `0x08` (MNIST pixels and labels).
    U8 = 0x08,
    /// Signed byte, code `0x09`.
    I8 = 0x09,
    /// Big-endian `i16`, code `0x0B`.
    I16 = 0x0B,
    /// Big-endian `i32`, code `0x0C`.
    I32 = 0x0C,
    /// Big-endian `f32`, code `0x0D`.
    F32 = 0x0D,
    /// Big-endian `f64`, code `0x0E`.
    F64 = 0x0E,
}

impl IdxType {
    /// Every type, in code order.
    pub const ALL: [IdxType; 6] = [
        IdxType::U8,
        IdxType::I8,
        IdxType::I16,
        IdxType::I32,
        IdxType::F32,
        IdxType::F64,
    ];

    /// The type byte written in the header.
    pub fn code(self) -> u8 {
        self as u8
    }

    /// The type for a header's type byte, if it is one of the six.
    pub fn from_code(code: u8) -> Option<IdxType> {
        IdxType::ALL.into_iter().find(|t| t.code() == code)
    }

    /// Bytes per value.
    pub fn size(self) -> usize {
        match self {
            IdxType::U8 | IdxType::I8 => 1,
            IdxType::I16 => 2,
            IdxType::I32 | IdxType::F32 => 4,
            IdxType::F64 => 8,
        }
    }

    /// The Rust name of the type, e.g. `"u8"`.
    pub fn name(self) -> &'static str {
        match self {
            IdxType::U8 => "u8",
            IdxType::I8 => "i8",
            IdxType::I16 => "i16",
            IdxType::I32 => "i32",
            IdxType::F32 => "f32",
            IdxType::F64 => "f64",
        }
    }
}

impl fmt::Display for IdxType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (0x{:02x})", self.name(), self.code())
    }
}

/// The values of an IDX array, one vector variant per element type.
#[derive(Clone, Debug, PartialEq)]
pub enum IdxData {
    /// `u8` values.
    U8(Vec<u8>),
    /// `i8` values.
    I8(Vec<i8>),
    /// `i16` values.
    I16(Vec<i16>),
    /// `i32` values.
    I32(Vec<i32>),
    /// `f32` values.
    F32(Vec<f32>),
    /// `f64` values.
    F64(Vec<f64>),
}

impl IdxData {
    /// The element type.
    pub fn idx_type(&self) -> IdxType {
        match self {
            IdxData::U8(_) => IdxType::U8,
            IdxData::I8(_) => IdxType::I8,
            IdxData::I16(_) => IdxType::I16,
            IdxData::I32(_) => IdxType::I32,
            IdxData::F32(_) => IdxType::F32,
            IdxData::F64(_) => IdxType::F64,
        }
    }

    /// The number of values.
    pub fn len(&self) -> usize {
        match self {
            IdxData::U8(v) => v.len(),
            IdxData::I8(v) => v.len(),
            IdxData::I16(v) => v.len(),
            IdxData::I32(v) => v.len(),
            IdxData::F32(v) => v.len(),
            IdxData::F64(v) => v.len(),
        }
    }

    /// Whether there are no values.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Decodes big-endian `bytes` (a whole number of values) as `ty`.
    pub(crate) fn from_be_bytes(ty: IdxType, bytes: Vec<u8>) -> IdxData {
        fn chunks<const N: usize, T>(bytes: &[u8], f: impl Fn([u8; N]) -> T) -> Vec<T> {
            bytes
                .chunks_exact(N)
                .map(|c| {
                    let mut a = [0; N];
                    a.copy_from_slice(c);
                    f(a)
                })
                .collect()
        }
        match ty {
            IdxType::U8 => IdxData::U8(bytes),
            IdxType::I8 => IdxData::I8(bytes.into_iter().map(|b| b as i8).collect()),
            IdxType::I16 => IdxData::I16(chunks(&bytes, i16::from_be_bytes)),
            IdxType::I32 => IdxData::I32(chunks(&bytes, i32::from_be_bytes)),
            IdxType::F32 => IdxData::F32(chunks(&bytes, f32::from_be_bytes)),
            IdxType::F64 => IdxData::F64(chunks(&bytes, f64::from_be_bytes)),
        }
    }

    /// Appends the big-endian bytes of values `range` to `out`.
    pub(crate) fn extend_be_bytes(&self, range: std::ops::Range<usize>, out: &mut Vec<u8>) {
        match self {
            IdxData::U8(v) => out.extend_from_slice(&v[range]),
            IdxData::I8(v) => out.extend(v[range].iter().map(|&x| x as u8)),
            IdxData::I16(v) => v[range].iter().for_each(|x| out.extend(x.to_be_bytes())),
            IdxData::I32(v) => v[range].iter().for_each(|x| out.extend(x.to_be_bytes())),
            IdxData::F32(v) => v[range].iter().for_each(|x| out.extend(x.to_be_bytes())),
            IdxData::F64(v) => v[range].iter().for_each(|x| out.extend(x.to_be_bytes())),
        }
    }
}

/// An n-dimensional array as stored in an IDX file: its dimensions (outermost
/// first) and its values in row-major order.
///
/// `data.len()` must equal the product of `dims` for the array to be written.
#[derive(Clone, Debug, PartialEq)]
pub struct IdxArray {
    /// The size of each dimension, outermost first.
    pub dims: Vec<usize>,
    /// The values, row-major.
    pub data: IdxData,
}

impl IdxArray {
    /// The element type.
    pub fn idx_type(&self) -> IdxType {
        self.data.idx_type()
    }

    /// The number of values.
    pub fn len(&self) -> usize {
        self.data.len()
    }

    /// Whether there are no values.
    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }
}
