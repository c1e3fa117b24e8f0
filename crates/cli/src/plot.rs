//! Pictures drawn with plotters: the learning curve of a training run and the confusion
//! matrix of an evaluation, as SVG or PNG chosen by the file's extension.
//!
//! Text is drawn with the DejaVu Sans font built into the binary, so PNGs look the same on
//! a machine without any system font.

use std::path::Path;
use std::sync::Once;

use anyhow::{anyhow, Context};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::FontStyle;

use crate::error::UsageError;
use crate::{atomic, png};

/// The file formats a plot can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Scalable vector graphics.
    Svg,
    /// A bitmap.
    Png,
}

impl Format {
    /// The format named by `path`'s extension; a usage error for anything else, so a typo
    /// is caught before a long training run rather than after it.
    pub fn of(path: &Path, flag: &str) -> anyhow::Result<Format> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("svg") => Ok(Format::Svg),
            Some("png") => Ok(Format::Png),
            _ => Err(UsageError(format!(
                "{flag} {}: the plot's file name must end in .svg or .png",
                path.display()
            ))
            .into()),
        }
    }
}

/// One epoch of a training run, as the learning curve shows it.
#[derive(Debug, Clone, Copy)]
pub struct EpochPoint {
    /// Epoch number, from 0.
    pub epoch: usize,
    /// Accuracy on the evaluation set, in percent.
    pub accuracy: f64,
    /// Cost on the evaluation set.
    pub cost: f64,
    /// Cost on the training set, when it was measured.
    pub training_cost: Option<f64>,
}

fn register_font() {
    static FONT: Once = Once::new();
    FONT.call_once(|| {
        // The font is a known-good TTF compiled in: a failure here would be a build defect.
        plotters::style::register_font("sans-serif", FontStyle::Normal, dejavu::sans::regular())
            .unwrap_or_else(|_| panic!("the built-in DejaVu Sans font is invalid"));
    });
}

/// Writes the learning curve of `points` to `path`: accuracy on top, cost below.
pub fn learning_curve(path: &Path, points: &[EpochPoint], title: &str) -> anyhow::Result<()> {
    render(path, (900, 700), &Curve { points, title })
}

/// Writes the confusion matrix (`counts[true digit][predicted digit]`) to `path`.
pub fn confusion_matrix(path: &Path, counts: &[[u64; 10]; 10], title: &str) -> anyhow::Result<()> {
    render(path, (720, 830), &Confusion { counts, title })
}

/// A picture that can be drawn on any plotters backend.
trait Picture {
    fn draw<DB: DrawingBackend>(&self, root: DrawingArea<DB, Shift>) -> anyhow::Result<()>
    where
        DB::ErrorType: 'static;
}

struct Curve<'a> {
    points: &'a [EpochPoint],
    title: &'a str,
}

impl Picture for Curve<'_> {
    fn draw<DB: DrawingBackend>(&self, root: DrawingArea<DB, Shift>) -> anyhow::Result<()>
    where
        DB::ErrorType: 'static,
    {
        draw_curve(root, self.points, self.title)
    }
}

struct Confusion<'a> {
    counts: &'a [[u64; 10]; 10],
    title: &'a str,
}

impl Picture for Confusion<'_> {
    fn draw<DB: DrawingBackend>(&self, root: DrawingArea<DB, Shift>) -> anyhow::Result<()>
    where
        DB::ErrorType: 'static,
    {
        draw_confusion(root, self.counts, self.title)
    }
}

/// Draws `picture` at `size` pixels into `path`, as SVG or PNG by its extension.
fn render(path: &Path, size: (u32, u32), picture: &impl Picture) -> anyhow::Result<()> {
    match Format::of(path, "--plot")? {
        Format::Svg => {
            let mut svg = String::new();
            picture.draw(SVGBackend::with_string(&mut svg, size).into_drawing_area())?;
            atomic::write_bytes(path, svg.as_bytes())
        }
        Format::Png => {
            let mut rgb = vec![0; size.0 as usize * size.1 as usize * 3];
            picture.draw(BitMapBackend::with_buffer(&mut rgb, size).into_drawing_area())?;
            save_rgb(path, size, rgb)
        }
    }
    .with_context(|| format!("cannot draw {}", path.display()))
}

fn save_rgb(path: &Path, (w, h): (u32, u32), rgb: Vec<u8>) -> anyhow::Result<()> {
    let image = image::RgbImage::from_raw(w, h, rgb).ok_or_else(|| anyhow!("bad bitmap size"))?;
    png::save(path, &image)
}

/// Writes each text centred at its point of `image`, in the built-in font, black.
pub fn captions(image: &mut image::RgbImage, texts: &[(String, (i32, i32))], size: f64) {
    register_font();
    let (w, h) = image.dimensions();
    let root = BitMapBackend::with_buffer(image.as_mut(), (w, h)).into_drawing_area();
    let style = TextStyle::from(("sans-serif", size).into_font())
        .color(&BLACK)
        .pos(centred());
    for (text, at) in texts {
        // Text is drawn in a buffer of the right size: it cannot fail but by a bug.
        let _ = root.draw(&Text::new(text.clone(), *at, style.clone()));
    }
    let _ = root.present();
}

fn centred() -> plotters::style::text_anchor::Pos {
    plotters::style::text_anchor::Pos::new(
        plotters::style::text_anchor::HPos::Center,
        plotters::style::text_anchor::VPos::Center,
    )
}

fn plot_err<E: std::error::Error + Send + Sync>(e: DrawingAreaErrorKind<E>) -> anyhow::Error {
    anyhow!("{e}")
}

fn draw_curve<DB: DrawingBackend>(
    root: DrawingArea<DB, Shift>,
    points: &[EpochPoint],
    title: &str,
) -> anyhow::Result<()>
where
    DB::ErrorType: 'static,
{
    register_font();
    root.fill(&WHITE).map_err(plot_err)?;
    let root = root.titled(title, ("sans-serif", 24)).map_err(plot_err)?;
    let (upper, lower) = root.split_vertically(330);
    // Half an epoch of room on each side, so the first and last points are drawn whole;
    // only whole epochs are labelled.
    let first = points.iter().map(|p| p.epoch).min().unwrap_or(0) as f64;
    let last = (points.iter().map(|p| p.epoch).max().unwrap_or(0) as f64).max(first + 1.0);
    let x_range = (first - 0.5)..(last + 0.5);
    let x_labels = ((last - first) as usize + 1).min(16);
    let (floor, top) = accuracy_range(points);
    let mut accuracy = ChartBuilder::on(&upper)
        .margin(12)
        .x_label_area_size(36)
        .y_label_area_size(60)
        .build_cartesian_2d(x_range.clone(), floor..top)
        .map_err(plot_err)?;
    accuracy
        .configure_mesh()
        .x_desc("epoch")
        .y_desc("accuracy (%)")
        .x_labels(x_labels)
        .x_label_formatter(&whole_epochs)
        .y_label_formatter(&|&v| if v > 100.0 { String::new() } else { tidy(v) })
        .label_style(("sans-serif", 15))
        .draw()
        .map_err(plot_err)?;
    let blue = RGBColor(31, 119, 180);
    accuracy
        .draw_series(LineSeries::new(
            points.iter().map(|p| (p.epoch as f64, p.accuracy)),
            blue.stroke_width(2),
        ))
        .map_err(plot_err)?;
    accuracy
        .draw_series(
            points
                .iter()
                .map(|p| Circle::new((p.epoch as f64, p.accuracy), 3, blue.filled())),
        )
        .map_err(plot_err)?;

    let costs = points
        .iter()
        .flat_map(|p| [Some(p.cost), p.training_cost])
        .flatten();
    let top = costs.filter(|c| c.is_finite()).fold(0.0, f64::max);
    let top = if top > 0.0 { top * 1.05 } else { 1.0 };
    let mut cost = ChartBuilder::on(&lower)
        .margin(12)
        .x_label_area_size(36)
        .y_label_area_size(60)
        .build_cartesian_2d(x_range, 0.0..top)
        .map_err(plot_err)?;
    cost.configure_mesh()
        .x_desc("epoch")
        .y_desc("cost")
        .x_labels(x_labels)
        .x_label_formatter(&whole_epochs)
        .y_label_formatter(&|v| format!("{v:.3}"))
        .label_style(("sans-serif", 15))
        .draw()
        .map_err(plot_err)?;
    let orange = RGBColor(255, 127, 14);
    cost.draw_series(LineSeries::new(
        points.iter().map(|p| (p.epoch as f64, p.cost)),
        orange.stroke_width(2),
    ))
    .map_err(plot_err)?
    .label("evaluation set")
    .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], orange.stroke_width(2)));
    if points.iter().all(|p| p.training_cost.is_some()) && !points.is_empty() {
        let green = RGBColor(44, 160, 44);
        cost.draw_series(LineSeries::new(
            points
                .iter()
                .filter_map(|p| Some((p.epoch as f64, p.training_cost?))),
            green.stroke_width(2),
        ))
        .map_err(plot_err)?
        .label("training set, during the epoch")
        .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], green.stroke_width(2)));
    }
    cost.configure_series_labels()
        .position(SeriesLabelPosition::UpperRight)
        .border_style(BLACK)
        .background_style(WHITE.mix(0.8))
        .label_font(("sans-serif", 15))
        .draw()
        .map_err(plot_err)?;
    root.present().map_err(plot_err)
}

/// The accuracy axis: from a whole percent below the lowest point to one above the
/// highest (at most 100), with half a percent of room so no point is cut at the edge.
fn accuracy_range(points: &[EpochPoint]) -> (f64, f64) {
    let finite = || points.iter().map(|p| p.accuracy).filter(|a| a.is_finite());
    let lowest = finite().fold(100.0, f64::min);
    let highest = finite().fold(0.0, f64::max).max(lowest);
    let floor = (lowest - 1.0).clamp(0.0, 99.0).floor();
    let top = (highest + 1.0).ceil().clamp(floor + 1.0, 100.0) + 0.5;
    (floor, top)
}

/// An epoch tick's label: whole epochs only.
fn whole_epochs(v: &f64) -> String {
    if (v - v.round()).abs() < 1e-6 && *v >= 0.0 {
        format!("{v:.0}")
    } else {
        String::new()
    }
}

/// `95` for whole numbers, `95.5` otherwise.
fn tidy(v: f64) -> String {
    if (v - v.round()).abs() < 1e-6 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

fn draw_confusion<DB: DrawingBackend>(
    root: DrawingArea<DB, Shift>,
    counts: &[[u64; 10]; 10],
    title: &str,
) -> anyhow::Result<()>
where
    DB::ErrorType: 'static,
{
    register_font();
    root.fill(&WHITE).map_err(plot_err)?;
    let (cell, left, top) = (60i32, 90i32, 110i32);
    let text = |s: &str, size: f64, colour: &RGBColor, at: (i32, i32)| {
        let style = TextStyle::from(("sans-serif", size).into_font())
            .color(colour)
            .pos(plotters::style::text_anchor::Pos::new(
                plotters::style::text_anchor::HPos::Center,
                plotters::style::text_anchor::VPos::Center,
            ));
        root.draw(&Text::new(s.to_string(), at, style))
            .map_err(plot_err)
    };
    text(title, 22.0, &BLACK, (left + 5 * cell, 24))?;
    text("predicted digit", 17.0, &BLACK, (left + 5 * cell, 62))?;
    for d in 0..10 {
        text(
            &d.to_string(),
            17.0,
            &BLACK,
            (left + d * cell + cell / 2, top - 16),
        )?;
        text(
            &d.to_string(),
            17.0,
            &BLACK,
            (left - 18, top + d * cell + cell / 2),
        )?;
    }
    let vertical = TextStyle::from(
        ("sans-serif", 17)
            .into_font()
            .transform(FontTransform::Rotate270),
    )
    .color(&BLACK)
    .pos(plotters::style::text_anchor::Pos::new(
        plotters::style::text_anchor::HPos::Center,
        plotters::style::text_anchor::VPos::Center,
    ));
    root.draw(&Text::new("true digit", (32, top + 5 * cell), vertical))
        .map_err(plot_err)?;
    for (t, row) in counts.iter().enumerate() {
        let total = row.iter().sum::<u64>().max(1) as f64;
        for (p, &n) in row.iter().enumerate() {
            // Shade by the share of the true digit's examples, so rare digits show as clearly.
            let share = n as f64 / total;
            let fill = cell_colour(t == p, share);
            let (x, y) = (left + p as i32 * cell, top + t as i32 * cell);
            root.draw(&Rectangle::new(
                [(x, y), (x + cell, y + cell)],
                fill.filled(),
            ))
            .map_err(plot_err)?;
            root.draw(&Rectangle::new(
                [(x, y), (x + cell, y + cell)],
                RGBColor(200, 200, 200),
            ))
            .map_err(plot_err)?;
            if n > 0 {
                let ink = if share > 0.45 { WHITE } else { BLACK };
                text(&n.to_string(), 15.0, &ink, (x + cell / 2, y + cell / 2))?;
            }
        }
    }
    // The legend: what a shade means, for right answers and for mistakes.
    let (y, width, height) = (top + 10 * cell + 44, 250, 16);
    text(
        "shade: share of the true digit's images",
        15.0,
        &BLACK,
        (left + 5 * cell, y - 26),
    )?;
    for (n, (right, name)) in [(true, "read right"), (false, "read as another digit")]
        .into_iter()
        .enumerate()
    {
        let x0 = left + 20 + n as i32 * (width + 50);
        for i in 0..width {
            let colour = cell_colour(right, f64::from(i) / f64::from(width - 1));
            root.draw(&Rectangle::new(
                [(x0 + i, y), (x0 + i + 1, y + height)],
                colour.filled(),
            ))
            .map_err(plot_err)?;
        }
        root.draw(&Rectangle::new(
            [(x0, y), (x0 + width, y + height)],
            RGBColor(160, 160, 160),
        ))
        .map_err(plot_err)?;
        text(name, 14.0, &BLACK, (x0 + width / 2, y + height + 30))?;
        for (share, label) in [(0, "0%"), (1, "50%"), (2, "100%")] {
            let at = x0 + share * (width - 1) / 2;
            text(label, 13.0, &BLACK, (at, y + height + 12))?;
        }
    }
    root.present().map_err(plot_err)
}

/// A cell's colour: white for none, up to full blue (right answers) or red (mistakes)
/// for all of the true digit's images; the square root makes small shares visible.
fn cell_colour(right: bool, share: f64) -> RGBColor {
    let shade = |c: u8| (255.0 - share.sqrt() * (255.0 - f64::from(c))).round() as u8;
    if right {
        RGBColor(shade(31), shade(119), shade(180))
    } else {
        RGBColor(shade(214), shade(39), shade(40))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn points() -> Vec<EpochPoint> {
        (0..5)
            .map(|e| EpochPoint {
                epoch: e,
                accuracy: 90.0 + e as f64,
                cost: 0.05 / (e + 1) as f64,
                training_cost: Some(0.04 / (e + 1) as f64),
            })
            .collect()
    }

    #[test]
    fn formats_follow_the_extension() {
        assert_eq!(
            Format::of(Path::new("a.SVG"), "--plot").unwrap(),
            Format::Svg
        );
        assert_eq!(
            Format::of(Path::new("dir/a.png"), "--plot").unwrap(),
            Format::Png
        );
        let err = Format::of(Path::new("curve.pdf"), "--plot").unwrap_err();
        assert!(err.is::<UsageError>() && err.to_string().contains("curve.pdf"));
    }

    #[test]
    fn learning_curves_in_both_formats() {
        let dir = tempfile::tempdir().unwrap();
        let svg = dir.path().join("curve.svg");
        learning_curve(&svg, &points(), "784-30-10").unwrap();
        let text = std::fs::read_to_string(&svg).unwrap();
        assert!(
            text.starts_with("<svg") && text.contains("accuracy (%)") && text.contains("<polyline")
        );
        let png = dir.path().join("curve.png");
        learning_curve(&png, &points(), "784-30-10").unwrap();
        let image = image::open(&png).unwrap().to_rgb8();
        assert_eq!(image.dimensions(), (900, 700));
        // Some text and lines were drawn: not every pixel is white.
        let dark = image
            .pixels()
            .filter(|p| p.0.iter().all(|&c| c < 100))
            .count();
        assert!(dark > 500, "{dark} dark pixels");
    }

    #[test]
    fn the_accuracy_axis_has_room_above_the_best_point() {
        assert_eq!(accuracy_range(&points()), (89.0, 95.5));
        let mut high = points();
        high[4].accuracy = 99.9;
        assert_eq!(accuracy_range(&high), (89.0, 100.5));
        assert_eq!(tidy(100.0), "100");
        assert_eq!(tidy(95.5), "95.5");
        assert_eq!(whole_epochs(&3.0), "3");
        assert_eq!(whole_epochs(&2.5), "");
    }

    #[test]
    fn a_single_epoch_and_odd_values_still_draw() {
        let dir = tempfile::tempdir().unwrap();
        let one = [EpochPoint {
            epoch: 0,
            accuracy: 9.8,
            cost: f64::NAN,
            training_cost: None,
        }];
        learning_curve(&dir.path().join("one.png"), &one, "t").unwrap();
    }

    #[test]
    fn confusion_matrix_png() {
        let mut counts = [[0u64; 10]; 10];
        for (d, row) in counts.iter_mut().enumerate() {
            row[d] = 950;
            row[(d + 1) % 10] = 30;
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("confusion.png");
        confusion_matrix(&path, &counts, "test set").unwrap();
        let image = image::open(&path).unwrap().to_rgb8();
        // The diagonal cell (3, 3) is filled dark blue.
        let p = image.get_pixel(90 + 3 * 60 + 5, 110 + 3 * 60 + 5);
        assert!(p.0[2] > p.0[0] && p.0[0] < 100, "{p:?}");
        let svg = dir.path().join("confusion.svg");
        confusion_matrix(&svg, &counts, "test set").unwrap();
        assert!(std::fs::read_to_string(&svg)
            .unwrap()
            .contains("predicted digit"));
    }
}
