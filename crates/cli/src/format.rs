//! How numbers, layer sizes and lists read in `nndl`'s messages.

/// `[784, 30, 10]` → `"784-30-10"`.
pub fn layer_names(layers: &[usize]) -> String {
    let names: Vec<String> = layers.iter().map(usize::to_string).collect();
    names.join("-")
}

/// `50000` → `"50,000"`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A count and its noun, singular or plural: `count(1, "epoch")` → `"1 epoch"`,
/// `count(30, "epoch")` → `"30 epochs"`, `count(50_000, "image")` → `"50,000 images"`.
pub fn count(n: usize, noun: &str) -> String {
    format!("{} {}", thousands(n), plural(n, noun))
}

/// The noun for `n` of it: `plural(1, "image")` → `"image"`, else `"images"`.
pub fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        noun.to_string()
    } else {
        format!("{noun}s")
    }
}

/// η as people write it: `3`, `0.5`, `1e30`.
pub fn eta_text(eta: f32) -> String {
    if (1e-3..1e6).contains(&eta) {
        eta.to_string()
    } else {
        format!("{eta:e}")
    }
}

/// η as it changes under a schedule, to 3 significant digits: `0.0834`, `4.26e-5`.
pub fn eta_short(eta: f32) -> String {
    if (1e-3..1e6).contains(&eta) {
        let decimals = (2 - eta.log10().floor() as i32).max(0) as usize;
        let text = format!("{eta:.decimals$}");
        match text.contains('.') {
            true => text.trim_end_matches('0').trim_end_matches('.').to_string(),
            false => text,
        }
    } else {
        format!("{eta:.2e}")
    }
}

/// `75.3` → `"1m 15.3s"`, `3.2` → `"3.20s"`.
pub fn duration(seconds: f64) -> String {
    if seconds < 60.0 {
        format!("{seconds:.2}s")
    } else {
        let minutes = (seconds / 60.0).floor();
        format!("{minutes:.0}m {:.1}s", seconds - 60.0 * minutes)
    }
}

/// "3", "3 or 8", "1, 4 or 7".
pub fn digit_list(digits: &[usize]) -> String {
    match digits {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!(
            "{} or {last}",
            rest.iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(50_000), "50,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn counts_agree_with_their_nouns() {
        assert_eq!(count(0, "epoch"), "0 epochs");
        assert_eq!(count(1, "epoch"), "1 epoch");
        assert_eq!(count(2, "image"), "2 images");
        assert_eq!(count(10_000, "image"), "10,000 images");
    }

    #[test]
    fn eta_reads_naturally() {
        assert_eq!(eta_text(3.0), "3");
        assert_eq!(eta_text(0.5), "0.5");
        assert_eq!(eta_text(1e30), "1e30");
        assert_eq!(eta_text(1e-5), "1e-5");
    }

    #[test]
    fn durations() {
        assert_eq!(duration(3.204), "3.20s");
        assert_eq!(duration(75.3), "1m 15.3s");
        assert_eq!(duration(3600.0), "60m 0.0s");
    }

    #[test]
    fn layers_and_digits() {
        assert_eq!(layer_names(&[784, 30, 10]), "784-30-10");
        assert_eq!(digit_list(&[3]), "3");
        assert_eq!(digit_list(&[3, 8]), "3 or 8");
        assert_eq!(digit_list(&[1, 4, 7]), "1, 4 or 7");
    }

    #[test]
    fn eta_short_keeps_three_significant_digits() {
        assert_eq!(eta_short(0.083_375_96), "0.0834");
        assert_eq!(eta_short(0.5), "0.5");
        assert_eq!(eta_short(3.0), "3");
        assert_eq!(eta_short(4.262_328_4e-5), "4.26e-5");
    }
}
