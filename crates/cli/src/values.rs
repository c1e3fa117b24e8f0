//! Parsers for numeric flag values that say what a good value is. clap's own say
//! `invalid digit found in string`, or take `-5` for a flag; these are used with
//! `allow_negative_numbers` so that `--hidden -5` is read as a value and explained.

/// A whole number, 1 or more: sizes, counts, epochs.
pub fn positive(s: &str) -> Result<usize, String> {
    match s.trim().parse::<i128>() {
        Ok(n) if n >= 1 => usize::try_from(n).map_err(|_| "the number is too large".to_string()),
        Ok(_) => Err("the value must be positive (1 or more)".to_string()),
        Err(_) => Err("expected a positive whole number, e.g. 30".to_string()),
    }
}

/// A whole number, 0 or more: seeds.
pub fn non_negative(s: &str) -> Result<u64, String> {
    match s.trim().parse::<i128>() {
        Ok(n) if n >= 0 => u64::try_from(n).map_err(|_| "the number is too large".to_string()),
        Ok(_) => Err("the value must not be negative (0 or more)".to_string()),
        Err(_) => Err("expected a whole number, e.g. 1".to_string()),
    }
}

/// A finite number, 0 or more: λ.
pub fn non_negative_real(s: &str) -> Result<f32, String> {
    match s.trim().parse::<f32>() {
        Ok(x) if x.is_finite() && x >= 0.0 => Ok(x),
        Ok(_) => Err("the value must be a finite number, 0 or more".to_string()),
        Err(_) => Err("expected a number, e.g. 5.0".to_string()),
    }
}

/// A number in [0, 1): the momentum coefficient μ.
pub fn fraction(s: &str) -> Result<f32, String> {
    match s.trim().parse::<f32>() {
        Ok(x) if (0.0..1.0).contains(&x) => Ok(x),
        Ok(_) => Err("the value must be at least 0 and less than 1".to_string()),
        Err(_) => Err("expected a number, e.g. 0.9".to_string()),
    }
}

/// A parser for a whole number in `lo..=hi`, for flags whose help shows that range.
pub fn within(lo: u32, hi: u32) -> impl Fn(&str) -> Result<u32, String> + Clone {
    move |s: &str| match s.trim().parse::<i128>() {
        Ok(n) if (i128::from(lo)..=i128::from(hi)).contains(&n) => Ok(n as u32),
        _ => Err(format!("the value must be a whole number in {lo}..={hi}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positive_numbers_and_why_others_are_not() {
        assert_eq!(positive("30"), Ok(30));
        assert!(positive("-5").unwrap_err().contains("positive"));
        assert!(positive("0").unwrap_err().contains("positive"));
        assert!(positive("x").is_err());
        assert_eq!(non_negative("0"), Ok(0));
        assert!(non_negative("-1").unwrap_err().contains("negative"));
        assert_eq!(within(1, 32)("32"), Ok(32));
        assert!(within(1, 32)("-1").unwrap_err().contains("1..=32"));
    }
}
