//! Any bytes, plain or gzip, given to the IDX reader: it must return an array
//! or a typed error, never panic or abort, and a plain input that parses must
//! be exactly what writing the array back produces.
//!
//! `cargo +nightly fuzz run read_idx` from `crates/mnist/` (add
//! `-- -rss_limit_mb=256` to also catch allocations a header could force).
#![no_main]

use libfuzzer_sys::fuzz_target;
use nndl_mnist::idx::{read_idx, write_idx};

fuzz_target!(|data: &[u8]| {
    let Ok(array) = read_idx(data) else {
        return;
    };
    assert_eq!(array.dims.iter().product::<usize>(), array.len());
    if !data.starts_with(&[0x1f, 0x8b]) {
        let mut written = Vec::with_capacity(data.len());
        write_idx(&mut written, &array).expect("a parsed array can be written");
        assert_eq!(written, data, "write(read(x)) != x");
    }
});
