//! Writing pictures as PNG files, atomically.

use std::path::Path;

use image::RgbImage;

use crate::atomic;

/// Writes `image` to `path` as a PNG, atomically.
pub fn save(path: &Path, image: &RgbImage) -> anyhow::Result<()> {
    let mut png = Vec::new();
    image
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .map_err(|e| anyhow::anyhow!("cannot encode {}: {e}", path.display()))?;
    atomic::write_bytes(path, &png)
}
