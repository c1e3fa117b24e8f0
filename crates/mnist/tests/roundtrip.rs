//! Writing then reading an IDX array gives it back, bit for bit, for every
//! element type and random dimensions, plain and gzipped.

use std::io::Write;

use flate2::{write::GzEncoder, Compression};
use nndl_mnist::idx::{
    read_idx, read_idx_file, write_idx, write_idx_file, IdxArray, IdxData, IdxType,
};
use proptest::prelude::*;

/// Random dimensions (rank 1–4, each 1–6) and matching random data of `ty`;
/// floats come from random bit patterns, so NaNs and infinities are included.
fn array_of(ty: IdxType) -> impl Strategy<Value = IdxArray> {
    prop::collection::vec(1usize..=6, 1..=4).prop_flat_map(move |dims| {
        let n: usize = dims.iter().product();
        let data = match ty {
            IdxType::U8 => prop::collection::vec(any::<u8>(), n)
                .prop_map(IdxData::U8)
                .boxed(),
            IdxType::I8 => prop::collection::vec(any::<i8>(), n)
                .prop_map(IdxData::I8)
                .boxed(),
            IdxType::I16 => prop::collection::vec(any::<i16>(), n)
                .prop_map(IdxData::I16)
                .boxed(),
            IdxType::I32 => prop::collection::vec(any::<i32>(), n)
                .prop_map(IdxData::I32)
                .boxed(),
            IdxType::F32 => prop::collection::vec(any::<u32>(), n)
                .prop_map(|v| IdxData::F32(v.into_iter().map(f32::from_bits).collect()))
                .boxed(),
            IdxType::F64 => prop::collection::vec(any::<u64>(), n)
                .prop_map(|v| IdxData::F64(v.into_iter().map(f64::from_bits).collect()))
                .boxed(),
        };
        (Just(dims), data).prop_map(|(dims, data)| IdxArray { dims, data })
    })
}

fn any_array() -> impl Strategy<Value = IdxArray> {
    prop::sample::select(IdxType::ALL.to_vec()).prop_flat_map(array_of)
}

/// Equality that treats floats by their bits, so NaN payloads count.
fn same_bits(a: &IdxArray, b: &IdxArray) -> bool {
    if a.dims != b.dims {
        return false;
    }
    match (&a.data, &b.data) {
        (IdxData::F32(x), IdxData::F32(y)) => x
            .iter()
            .map(|v| v.to_bits())
            .eq(y.iter().map(|v| v.to_bits())),
        (IdxData::F64(x), IdxData::F64(y)) => x
            .iter()
            .map(|v| v.to_bits())
            .eq(y.iter().map(|v| v.to_bits())),
        (x, y) => x == y,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn write_then_read_is_identity(array in any_array()) {
        let mut bytes = Vec::new();
        write_idx(&mut bytes, &array).unwrap();
        let header_len = 4 + 4 * array.dims.len();
        prop_assert_eq!(bytes.len(), header_len + array.len() * array.idx_type().size());
        prop_assert_eq!(&bytes[..4], &[0, 0, array.idx_type().code(), array.dims.len() as u8][..]);
        let back = read_idx(&bytes[..]).unwrap();
        prop_assert!(same_bits(&array, &back), "{:?} != {:?}", array, back);
    }

    #[test]
    fn gzipped_reads_the_same(array in any_array(), level in 0u32..=9) {
        let mut plain = Vec::new();
        write_idx(&mut plain, &array).unwrap();
        let mut enc = GzEncoder::new(Vec::new(), Compression::new(level));
        enc.write_all(&plain).unwrap();
        let gz = enc.finish().unwrap();
        let back = read_idx(&gz[..]).unwrap();
        prop_assert!(same_bits(&array, &back));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn files_round_trip_plain_and_gzipped(array in any_array()) {
        let dir = tempfile::tempdir().unwrap();
        for name in ["a.idx", "a.idx.gz"] {
            let path = dir.path().join(name);
            write_idx_file(&path, &array).unwrap();
            let raw = std::fs::read(&path).unwrap();
            prop_assert_eq!(raw[..2] == [0x1f, 0x8b], name.ends_with(".gz"));
            let back = read_idx_file(&path).unwrap();
            prop_assert!(same_bits(&array, &back));
        }
        // Only the two files: no temporary file was left behind.
        prop_assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
    }
}

#[test]
fn every_type_code_is_the_documented_one() {
    let codes: Vec<u8> = IdxType::ALL.iter().map(|t| t.code()).collect();
    assert_eq!(codes, [0x08, 0x09, 0x0B, 0x0C, 0x0D, 0x0E]);
    let sizes: Vec<usize> = IdxType::ALL.iter().map(|t| t.size()).collect();
    assert_eq!(sizes, [1, 1, 2, 4, 4, 8]);
    for t in IdxType::ALL {
        assert_eq!(IdxType::from_code(t.code()), Some(t));
    }
    assert_eq!(IdxType::from_code(0x0A), None);
}

#[test]
fn values_are_big_endian() {
    let array = IdxArray {
        dims: vec![2],
        data: IdxData::I32(vec![1, -2]),
    };
    let mut bytes = Vec::new();
    write_idx(&mut bytes, &array).unwrap();
    assert_eq!(
        bytes,
        [0, 0, 0x0C, 1, 0, 0, 0, 2, 0, 0, 0, 1, 0xff, 0xff, 0xff, 0xfe]
    );
}

#[test]
fn concatenated_gzip_members_are_one_stream() {
    let array = IdxArray {
        dims: vec![3, 2],
        data: IdxData::U8(vec![1, 2, 3, 4, 5, 6]),
    };
    let mut plain = Vec::new();
    write_idx(&mut plain, &array).unwrap();
    let mut gz = Vec::new();
    for part in [&plain[..7], &plain[7..]] {
        let mut enc = GzEncoder::new(Vec::new(), Compression::default());
        enc.write_all(part).unwrap();
        gz.extend(enc.finish().unwrap());
    }
    assert_eq!(read_idx(&gz[..]).unwrap(), array);
}
