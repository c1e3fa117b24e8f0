//! Decodes the MNIST training files N times on one thread and prints the
//! wall time per load, so the process's CPU time can be read with `time`:
//!
//! ```sh
//! cargo build --release -p nndl-mnist --example load_time
//! time target/release/examples/load_time 10
//! ```
//!
//! (user + sys) / N is the cost of one load, whatever else the machine runs.

use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let n: u32 = match std::env::args().nth(1) {
        Some(arg) => arg.parse().map_err(|e| format!("N must be a count: {e}"))?,
        None => 10,
    };
    let dir = nndl_mnist::locate(None)?;
    let images = nndl_mnist::find_file(&dir, "train-images-idx3-ubyte")?;
    let labels = nndl_mnist::find_file(&dir, "train-labels-idx1-ubyte")?;
    let start = Instant::now();
    let mut images_loaded = 0;
    for _ in 0..n {
        let set = nndl_mnist::load_pair(&images, &labels, 10)?;
        images_loaded += set.len();
    }
    let per_load = start.elapsed() / n.max(1);
    println!(
        "{n} loads of {} ({} images each): {per_load:.1?} wall per load",
        images.display(),
        images_loaded / n.max(1) as usize
    );
    Ok(())
}
