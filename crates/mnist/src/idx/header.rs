//! The IDX header: magic, type, rank and dimensions, validated before any
//! memory is sized by it.

use super::array::{IdxType, MAX_RANK};
use super::source::Source;
use crate::error::{Error, Result};

/// A validated IDX header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Header {
    /// Element type.
    pub ty: IdxType,
    /// Dimensions, outermost first, none zero.
    pub dims: Vec<usize>,
    /// Number of values (the product of `dims`).
    pub len: usize,
    /// Number of data bytes (`len` × the type's size), addressable.
    pub bytes: u64,
}

impl Header {
    /// Reads and validates the header at the start of `src`.
    pub fn read(src: &mut Source<'_>) -> Result<Header> {
        let mut magic = [0u8; 4];
        let got = src.fill(&mut magic)?;
        if magic[..got.min(2)].iter().any(|&b| b != 0) {
            return Err(Error::BadMagic {
                path: src.path.clone(),
                found: magic,
            });
        }
        if got < 4 {
            return Err(Error::TruncatedHeader {
                path: src.path.clone(),
                expected: 4,
                found: got as u64,
            });
        }
        let ty = IdxType::from_code(magic[2]).ok_or_else(|| Error::UnknownType {
            path: src.path.clone(),
            code: magic[2],
        })?;
        let rank = usize::from(magic[3]);
        if rank == 0 || rank > MAX_RANK {
            return Err(Error::BadRank {
                path: src.path.clone(),
                rank,
            });
        }

        let mut raw = [0u8; 4 * MAX_RANK];
        let raw = &mut raw[..4 * rank];
        let got = src.fill(raw)?;
        if got < raw.len() {
            return Err(Error::TruncatedHeader {
                path: src.path.clone(),
                expected: 4 + raw.len() as u64,
                found: 4 + got as u64,
            });
        }
        let dims: Vec<u64> = raw
            .chunks_exact(4)
            .map(|c| u64::from(u32::from_be_bytes([c[0], c[1], c[2], c[3]])))
            .collect();
        Header::from_dims(ty, &dims, &src.path)
    }

    /// Validates `dims` for values of type `ty`; `path` is named in errors.
    pub fn from_dims(ty: IdxType, dims: &[u64], path: &std::path::Path) -> Result<Header> {
        if dims.is_empty() || dims.len() > MAX_RANK {
            return Err(Error::BadRank {
                path: path.to_path_buf(),
                rank: dims.len(),
            });
        }
        if dims.contains(&0) {
            return Err(Error::ZeroDimension {
                path: path.to_path_buf(),
                dims: dims.to_vec(),
            });
        }
        let too_large = || Error::TooLarge {
            path: path.to_path_buf(),
            dims: dims.to_vec(),
            ty,
        };
        let len = dims
            .iter()
            .try_fold(1u64, |acc, &d| acc.checked_mul(d))
            .ok_or_else(too_large)?;
        let bytes = len.checked_mul(ty.size() as u64).ok_or_else(too_large)?;
        // Vec cannot hold more than isize::MAX bytes.
        if bytes > isize::MAX as u64 || dims.iter().any(|&d| d > u64::from(u32::MAX)) {
            return Err(too_large());
        }
        let to_usize = |x: u64| usize::try_from(x).map_err(|_| too_large());
        Ok(Header {
            ty,
            dims: dims.iter().map(|&d| to_usize(d)).collect::<Result<_>>()?,
            len: to_usize(len)?,
            bytes,
        })
    }

    /// The dimensions as written in the file, for error messages.
    pub fn dims_u64(&self) -> Vec<u64> {
        self.dims.iter().map(|&d| d as u64).collect()
    }

    /// The header's bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = vec![0, 0, self.ty.code(), self.dims.len() as u8];
        for &d in &self.dims {
            // from_dims checked every dimension fits in a u32.
            out.extend((d as u32).to_be_bytes());
        }
        out
    }
}
