//! No header can make the parsers allocate more than the input's length
//! justifies. A counting global allocator measures every byte allocated while
//! a parse runs, so this file holds a single test: nothing else may allocate
//! in the process meanwhile.

use std::io::Write;

use cap::Cap;
use flate2::{write::GzEncoder, Compression};
use nndl_mnist::idx::{read_idx, read_idx_file, read_u8_images, read_u8_labels};

#[global_allocator]
static ALLOCATOR: Cap<std::alloc::System> = Cap::new(std::alloc::System, usize::MAX);

/// Fixed costs of a parse that do not depend on the header: read buffers,
/// the gzip decoder's state and window, the path, the error.
const OVERHEAD: usize = 1 << 20;

/// DEFLATE's maximum expansion, the most a gzip input of n bytes can justify.
const DEFLATE_RATIO: usize = 1032;

/// Bytes allocated (counting every growth in full) while `f` runs.
fn allocated_during<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let before = ALLOCATOR.total_allocated();
    let out = f();
    (out, ALLOCATOR.total_allocated() - before)
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = GzEncoder::new(Vec::new(), Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

fn header(ty: u8, dims: &[u32]) -> Vec<u8> {
    let mut out = vec![0, 0, ty, dims.len() as u8];
    dims.iter().for_each(|d| out.extend(d.to_be_bytes()));
    out
}

/// A tiny deterministic generator, so the measured loop allocates nothing of its own.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

#[test]
fn lying_headers_allocate_only_what_the_input_justifies() {
    let dir = tempfile::tempdir().unwrap();

    // The brief's case: 4e9 elements claimed, 10 bytes present.
    let mut lie = header(0x08, &[4_000_000_000]);
    lie.extend([1u8; 10]);
    let lie_gz = gzip(&lie);
    let plain = dir.path().join("lie");
    std::fs::write(&plain, &lie).unwrap();
    let gz = dir.path().join("lie.gz");
    std::fs::write(&gz, &lie_gz).unwrap();

    let (r, bytes) = allocated_during(|| read_idx(&lie[..]));
    assert!(
        matches!(
            r,
            Err(nndl_mnist::Error::Truncated {
                expected: 4_000_000_000,
                found: 10,
                ..
            })
        ),
        "{r:?}"
    );
    assert!(
        bytes < OVERHEAD,
        "reader: {bytes} bytes allocated for a {}-byte input",
        lie.len()
    );

    let (r, bytes) = allocated_during(|| read_idx(&lie_gz[..]));
    assert!(
        matches!(r, Err(nndl_mnist::Error::Truncated { found: 10, .. })),
        "{r:?}"
    );
    assert!(bytes < OVERHEAD, "gzip reader: {bytes} bytes");

    let (r, bytes) = allocated_during(|| read_idx_file(&plain));
    assert!(
        matches!(r, Err(nndl_mnist::Error::Truncated { found: 10, .. })),
        "{r:?}"
    );
    assert!(bytes < OVERHEAD, "plain file: {bytes} bytes");

    let (r, bytes) = allocated_during(|| read_idx_file(&gz));
    assert!(
        matches!(r, Err(nndl_mnist::Error::Truncated { found: 10, .. })),
        "{r:?}"
    );
    assert!(
        bytes < OVERHEAD + DEFLATE_RATIO * lie_gz.len(),
        "gzip file: {bytes} bytes"
    );

    // MNIST-shaped and f64 lies through the image and label fast paths.
    for (ty, dims) in [
        (0x08, &[60_000u32, 28, 28][..]),
        (0x08, &[u32::MAX]),
        (0x0E, &[65_536, 65_536]),
    ] {
        let mut lie = header(ty, dims);
        lie.extend([0u8; 10]);
        let path = dir.path().join("shaped.gz");
        let lie_gz = gzip(&lie);
        std::fs::write(&path, &lie_gz).unwrap();
        let budget = OVERHEAD + DEFLATE_RATIO * lie_gz.len();
        let (r, bytes) = allocated_during(|| read_u8_images(&path));
        assert!(r.is_err());
        assert!(bytes < budget, "images {dims:?}: {bytes} bytes");
        let (r, bytes) = allocated_during(|| read_u8_labels(&path));
        assert!(r.is_err());
        assert!(bytes < budget, "labels {dims:?}: {bytes} bytes");
        let (r, bytes) = allocated_during(|| nndl_mnist::load_pair(&path, &path, 10));
        assert!(r.is_err());
        assert!(bytes < budget, "load_pair {dims:?}: {bytes} bytes");
    }

    // Random headers over random short data: never more than the input justifies.
    let mut rng = SplitMix(20_261_129);
    let mut input = Vec::with_capacity(256);
    for _ in 0..2_000 {
        input.clear();
        let rank = (rng.next() % 5) as u8;
        let ty = [0x08, 0x09, 0x0B, 0x0C, 0x0D, 0x0E][(rng.next() % 6) as usize];
        input.extend([0, 0, ty, rank]);
        for _ in 0..rank {
            let d = match rng.next() % 3 {
                0 => rng.next() as u32,
                1 => (rng.next() % 8) as u32,
                _ => u32::MAX - (rng.next() % 4) as u32,
            };
            input.extend(d.to_be_bytes());
        }
        for _ in 0..rng.next() % 100 {
            input.push(rng.next() as u8);
        }
        let (_, bytes) = allocated_during(|| read_idx(&input[..]));
        let budget = OVERHEAD + 4 * input.len();
        assert!(bytes < budget, "{bytes} bytes for {input:?}");
        let compressed = gzip(&input);
        let (_, bytes) = allocated_during(|| read_idx(&compressed[..]));
        assert!(bytes < budget, "{bytes} bytes for gzipped {input:?}");
    }
}
