//! Drawing 28×28 digits in a terminal: two pixels per character cell with the upper
//! half block `▀`, in 24 shades of grey where colour is welcome, plain blocks without
//! colour, and an ASCII ramp for terminals that show neither.

use std::io::IsTerminal;

use nndl_vision::SIDE;

/// How digits are drawn in the terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `▀` with the upper pixel as foreground and the lower as background, 256-colour greys.
    Shades,
    /// `▀ ▄ █` and space: ink or no ink, no colour codes.
    Blocks,
    /// ` .:-=+*#%@`: one character for two pixels, for dumb terminals and `--ascii`.
    Ascii,
}

impl Style {
    /// Chooses the style for standard output: ASCII when asked or when `TERM=dumb`,
    /// plain blocks when colour is unwelcome (`NO_COLOR`, not a terminal), shades otherwise.
    pub fn detect(ascii: bool) -> Style {
        let term = std::env::var("TERM").unwrap_or_default();
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Style::choose(
            ascii || term == "dumb",
            no_color || !std::io::stdout().is_terminal(),
        )
    }

    fn choose(ascii: bool, plain: bool) -> Style {
        if ascii {
            Style::Ascii
        } else if plain {
            Style::Blocks
        } else {
            Style::Shades
        }
    }
}

/// The digit `pixels` (784 ink levels in [0, 1]) as 14 lines of 28 character cells.
pub fn digit_lines(pixels: &[f32], style: Style) -> Vec<String> {
    assert_eq!(pixels.len(), SIDE * SIDE, "a digit has 28×28 pixels");
    (0..SIDE / 2)
        .map(|row| {
            let top = &pixels[2 * row * SIDE..(2 * row + 1) * SIDE];
            let bottom = &pixels[(2 * row + 1) * SIDE..(2 * row + 2) * SIDE];
            let mut line = String::new();
            for (&t, &b) in top.iter().zip(bottom) {
                match style {
                    Style::Shades => {
                        line.push_str(&format!("\x1b[38;5;{};48;5;{}m▀", grey(t), grey(b)));
                    }
                    Style::Blocks => line.push(match (t > 0.4, b > 0.4) {
                        (false, false) => ' ',
                        (true, false) => '▀',
                        (false, true) => '▄',
                        (true, true) => '█',
                    }),
                    Style::Ascii => {
                        const RAMP: &[u8] = b" .:-=+*#%@";
                        let v = ((t + b) / 2.0).clamp(0.0, 1.0);
                        let i = (v * (RAMP.len() - 1) as f32).round() as usize;
                        line.push(RAMP[i] as char);
                    }
                }
            }
            if style == Style::Shades {
                line.push_str("\x1b[0m");
            }
            line
        })
        .collect()
}

/// Ink level → one of the 256-colour palette's 24 greys (232 = darkest, 255 = lightest),
/// black (16) for no ink and white (231) for full ink.
fn grey(v: f32) -> u8 {
    let v = v.clamp(0.0, 1.0);
    match (v * 25.0).round() as u8 {
        0 => 16,
        25 => 231,
        level => 231 + level,
    }
}

/// Digits side by side with a caption above each, wrapped to `width` columns.
pub fn digits_side_by_side(digits: &[(String, &[f32])], style: Style, width: usize) -> String {
    const GAP: usize = 3;
    let per_row = ((width + GAP) / (SIDE + GAP)).max(1);
    let mut out = String::new();
    for (n, row) in digits.chunks(per_row).enumerate() {
        if n > 0 {
            out.push('\n');
        }
        let captions: Vec<String> = row
            .iter()
            .map(|(caption, _)| {
                let caption: String = caption.chars().take(SIDE).collect();
                format!("{caption:^SIDE$}")
            })
            .collect();
        out.push_str(captions.join(&" ".repeat(GAP)).trim_end());
        out.push('\n');
        let drawn: Vec<Vec<String>> = row.iter().map(|(_, px)| digit_lines(px, style)).collect();
        for line in 0..SIDE / 2 {
            let parts: Vec<&str> = drawn.iter().map(|d| d[line].as_str()).collect();
            out.push_str(&parts.join(&" ".repeat(GAP)));
            out.push('\n');
        }
    }
    out
}

/// Width of the terminal from `COLUMNS`, else 80.
pub fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .filter(|&c: &usize| c >= SIDE)
        .unwrap_or(80)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A vertical bar in columns 10–13, rows 4–23.
    fn bar() -> Vec<f32> {
        (0..784)
            .map(|i| {
                let (x, y) = (i % 28, i / 28);
                if (10..14).contains(&x) && (4..24).contains(&y) {
                    1.0
                } else {
                    0.0
                }
            })
            .collect()
    }

    #[test]
    fn blocks_pack_two_pixel_rows_into_one_line() {
        let lines = digit_lines(&bar(), Style::Blocks);
        assert_eq!(lines.len(), 14);
        assert!(lines.iter().all(|l| l.chars().count() == 28));
        assert_eq!(lines[0].trim(), "");
        assert_eq!(
            lines[2],
            format!("{}████{}", " ".repeat(10), " ".repeat(14))
        );
        assert_eq!(lines[12].trim(), "");
    }

    #[test]
    fn half_rows_use_half_blocks() {
        let mut px = vec![0.0; 784];
        px[28 * 2 + 5] = 1.0; // upper pixel of line 1
        px[28 * 5 + 6] = 1.0; // lower pixel of line 2
        let lines = digit_lines(&px, Style::Blocks);
        assert_eq!(lines[1].chars().nth(5), Some('▀'));
        assert_eq!(lines[2].chars().nth(6), Some('▄'));
    }

    #[test]
    fn ascii_is_plain_ascii_and_shades_reset_their_colour() {
        let ascii = digit_lines(&bar(), Style::Ascii);
        assert!(ascii.iter().all(|l| l.is_ascii() && l.len() == 28));
        assert_eq!(&ascii[5][10..14], "@@@@");
        let shades = digit_lines(&bar(), Style::Shades);
        assert!(shades.iter().all(|l| l.ends_with("\x1b[0m")));
        assert!(shades[5].contains("\x1b[38;5;231;48;5;231m▀"));
        assert!(shades[0].contains("\x1b[38;5;16;48;5;16m▀"));
    }

    #[test]
    fn greys_span_the_palette_ramp() {
        assert_eq!(grey(0.0), 16);
        assert_eq!(grey(1.0), 231);
        assert_eq!(grey(0.04), 232);
        assert_eq!(grey(0.96), 255);
        assert!((1..100)
            .map(|i| grey(i as f32 / 100.0))
            .all(|g| g == 16 || g >= 231));
    }

    #[test]
    fn choice_of_style() {
        assert_eq!(Style::choose(true, false), Style::Ascii);
        assert_eq!(Style::choose(false, true), Style::Blocks);
        assert_eq!(Style::choose(false, false), Style::Shades);
    }

    #[test]
    fn side_by_side_wraps_to_the_width() {
        let px = bar();
        let digits: Vec<(String, &[f32])> = (0..5).map(|i| (format!("#{i}"), &px[..])).collect();
        let text = digits_side_by_side(&digits, Style::Ascii, 80);
        let lines: Vec<&str> = text.lines().collect();
        // 80 columns hold two digits of 28 with a gap of 3: rows of 2, 2, 1 (+ blank separators).
        assert_eq!(lines.len(), 3 * 15 + 2);
        assert!(lines[0].contains("#0") && lines[0].contains("#1") && !lines[0].contains("#2"));
        assert_eq!(lines[1].len(), 28 + 3 + 28);
        assert!(lines[32].contains("#4"));
    }
}
