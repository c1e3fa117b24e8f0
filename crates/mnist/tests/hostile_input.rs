//! Random and mutated bytes never make the parsers panic: every input gives
//! an array or a typed error. (The allocation bound is checked in
//! `alloc_bounds.rs`, which needs the process to itself.)

use std::io::Write;

use flate2::{write::GzEncoder, Compression};
use nndl_mnist::idx::{read_idx, read_u8_images, read_u8_labels, write_idx, IdxArray, IdxData};
use proptest::prelude::*;

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = GzEncoder::new(Vec::new(), Compression::fast());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

/// A valid small file to mutate.
fn valid() -> impl Strategy<Value = Vec<u8>> {
    (1usize..4, 1usize..5, 1usize..5, 0usize..6).prop_map(|(n, r, c, t)| {
        let len = n * r * c;
        let data = match t {
            0 => IdxData::U8((0..len).map(|i| i as u8).collect()),
            1 => IdxData::I8(vec![-3; len]),
            2 => IdxData::I16(vec![-300; len]),
            3 => IdxData::I32(vec![7; len]),
            4 => IdxData::F32(vec![0.5; len]),
            _ => IdxData::F64(vec![-1.0; len]),
        };
        let mut out = Vec::new();
        write_idx(
            &mut out,
            &IdxArray {
                dims: vec![n, r, c],
                data,
            },
        )
        .unwrap();
        out
    })
}

/// Mutations: overwrite bytes (header bytes most often), truncate, extend.
fn mutated() -> impl Strategy<Value = Vec<u8>> {
    (
        valid(),
        prop::collection::vec((0usize..24, any::<u8>()), 0..6),
        prop::option::of(0usize..64),
        prop::collection::vec(any::<u8>(), 0..4),
    )
        .prop_map(|(mut bytes, writes, cut, tail)| {
            for (at, value) in writes {
                if let Some(b) = bytes.get_mut(at) {
                    *b = value;
                }
            }
            if let Some(cut) = cut {
                bytes.truncate(cut);
            }
            bytes.extend(tail);
            bytes
        })
}

/// Parses `bytes` every way the crate can; only a panic fails the test.
fn parse_all_ways(bytes: &[u8]) {
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("x");
    std::fs::write(&plain, bytes).unwrap();
    let gz = dir.path().join("x.gz");
    std::fs::write(&gz, gzip(bytes)).unwrap();
    let _ = read_idx(bytes);
    let _ = read_idx(&gzip(bytes)[..]);
    for path in [&plain, &gz] {
        let _ = nndl_mnist::idx::read_idx_file(path);
        let _ = read_u8_images(path);
        let _ = read_u8_labels(path);
        let _ = nndl_mnist::load_pair(path, path, 10);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..64)) {
        let _ = read_idx(&bytes[..]);
    }

    #[test]
    fn random_headers_never_panic(
        ty in any::<u8>(),
        rank in 0u8..6,
        dims in prop::collection::vec(any::<u32>(), 0..6),
        data in prop::collection::vec(any::<u8>(), 0..32),
    ) {
        let mut bytes = vec![0, 0, ty, rank];
        dims.iter().for_each(|d| bytes.extend(d.to_be_bytes()));
        bytes.extend(data);
        let result = read_idx(&bytes[..]);
        if let Ok(array) = result {
            // Only an exactly consistent file parses.
            prop_assert_eq!(array.dims.len(), usize::from(rank));
            prop_assert_eq!(array.dims.iter().product::<usize>(), array.len());
        }
    }

    #[test]
    fn mutated_files_never_panic(bytes in mutated()) {
        let _ = read_idx(&bytes[..]);
        let _ = read_idx(&gzip(&bytes)[..]);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn mutated_files_never_panic_through_the_file_readers(bytes in mutated()) {
        parse_all_ways(&bytes);
    }

    /// Mutating the compressed bytes exercises the gzip decoder's errors.
    #[test]
    fn mutated_gzip_never_panics(
        bytes in valid(),
        writes in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..4),
    ) {
        let mut gz = gzip(&bytes);
        for (at, value) in writes {
            let i = at.index(gz.len());
            gz[i] = value;
        }
        let _ = read_idx(&gz[..]);
    }
}
