//! The skills-matrix picture: members × skills, one cell per level (0–5),
//! not-assessed cells left pale. Drawn with plotters' bitmap backend and a
//! font embedded in the binary (hosts and containers have no system fonts).
//!
//! Readability decides the layout: names and skill labels stay at a fixed,
//! legible size, so the picture grows with the team instead of shrinking
//! its text. A team too tall for one picture is split into pages of
//! [`ROWS_PER_PAGE`] members; a very large team gets one aggregate picture
//! instead (per skill, how many members are at each level).

use std::sync::OnceLock;

use anyhow::Context;
use image::ImageEncoder as _;
use plotters::prelude::*;
use plotters::style::{FontStyle, FontTransform, register_font};

/// The embedded font (a Latin/Greek/Cyrillic subset of DejaVu Sans).
static FONT: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-subset.ttf");
const FONT_NAME: &str = "skillbot-sans";

/// Members per picture.
pub const ROWS_PER_PAGE: usize = 60;
/// More members than this are drawn as one aggregate picture.
pub const MAX_MEMBERS_SPLIT: usize = ROWS_PER_PAGE * 5;

const CELL: u32 = 22;
const NAME_WIDTH: u32 = 170;
const HEADER_HEIGHT: u32 = 150;
const LEGEND_HEIGHT: u32 = 40;
const MARGIN: u32 = 10;

/// What to draw: column labels and one row per member (`None`: not
/// assessed).
#[derive(Debug, Clone, PartialEq)]
pub struct Matrix {
    pub skills: Vec<String>,
    pub rows: Vec<(String, Vec<Option<u8>>)>,
}

/// One PNG picture of the matrix, or several when the team is tall; the
/// aggregate picture for very large teams. Empty matrices draw nothing.
pub fn pictures(matrix: &Matrix) -> anyhow::Result<Vec<Vec<u8>>> {
    if matrix.rows.is_empty() || matrix.skills.is_empty() {
        return Ok(Vec::new());
    }
    if matrix.rows.len() > MAX_MEMBERS_SPLIT {
        return Ok(vec![draw(&aggregate(matrix), true)?]);
    }
    matrix
        .rows
        .chunks(ROWS_PER_PAGE)
        .map(|rows| {
            let page = Matrix {
                skills: matrix.skills.clone(),
                rows: rows.to_vec(),
            };
            draw(&page, false)
        })
        .collect()
}

/// Per skill, the number of members at each level, as rows "level 0" …
/// "level 5" and "not assessed" (cells hold counts, not levels).
fn aggregate(matrix: &Matrix) -> Matrix {
    let mut counts = vec![[0usize; 7]; matrix.skills.len()];
    for (_, levels) in &matrix.rows {
        for (col, level) in levels.iter().enumerate().take(counts.len()) {
            counts[col][level.map_or(6, usize::from)] += 1;
        }
    }
    let total = matrix.rows.len().max(1);
    let rows = (0..7)
        .rev()
        .map(|bucket| {
            let label = if bucket == 6 {
                "not assessed".to_string()
            } else {
                format!("level {bucket}")
            };
            // Scale the share of members to 0–5 so the same colours apply.
            let cells = counts
                .iter()
                .map(|c| Some(((c[bucket] * 5 + total / 2) / total) as u8))
                .collect();
            (label, cells)
        })
        .collect();
    Matrix {
        skills: matrix.skills.clone(),
        rows,
    }
}

fn font() -> anyhow::Result<()> {
    static REGISTERED: OnceLock<bool> = OnceLock::new();
    let ok = *REGISTERED.get_or_init(|| register_font(FONT_NAME, FontStyle::Normal, FONT).is_ok());
    anyhow::ensure!(ok, "the embedded font could not be loaded");
    Ok(())
}

/// A cell's colour: pale grey for not assessed, then light to dark blue.
fn colour(level: Option<u8>) -> RGBColor {
    match level {
        None => RGBColor(236, 236, 236),
        Some(0) => RGBColor(253, 235, 218),
        Some(1) => RGBColor(198, 219, 239),
        Some(2) => RGBColor(158, 202, 225),
        Some(3) => RGBColor(107, 174, 214),
        Some(4) => RGBColor(49, 130, 189),
        Some(_) => RGBColor(8, 81, 156),
    }
}

fn draw(matrix: &Matrix, aggregate: bool) -> anyhow::Result<Vec<u8>> {
    font()?;
    let cols = matrix.skills.len() as u32;
    let rows = matrix.rows.len() as u32;
    let width = MARGIN * 2 + NAME_WIDTH + cols * CELL;
    let height = MARGIN * 2 + HEADER_HEIGHT + rows * CELL + LEGEND_HEIGHT;
    let mut buffer = vec![255u8; (width * height * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut buffer, (width, height)).into_drawing_area();
        root.fill(&WHITE).map_err(plot_error)?;
        let label = (FONT_NAME, 13).into_font().color(&BLACK);
        let small = (FONT_NAME, 11).into_font();
        let top = (MARGIN + HEADER_HEIGHT) as i32;
        let left = (MARGIN + NAME_WIDTH) as i32;
        let cell = CELL as i32;
        for (c, skill) in matrix.skills.iter().enumerate() {
            let x = left + c as i32 * cell + cell / 2 - 6;
            let text = shorten(skill, 20);
            root.draw_text(
                &text,
                &label.clone().transform(FontTransform::Rotate270),
                (x, top - 6),
            )
            .map_err(plot_error)?;
        }
        for (r, (name, levels)) in matrix.rows.iter().enumerate() {
            let y = top + r as i32 * cell;
            root.draw_text(&shorten(name, 22), &label, (MARGIN as i32, y + 4))
                .map_err(plot_error)?;
            for c in 0..matrix.skills.len() {
                let level = levels.get(c).copied().flatten();
                let x = left + c as i32 * cell;
                root.draw(&Rectangle::new(
                    [(x, y), (x + cell - 1, y + cell - 1)],
                    colour(level).filled(),
                ))
                .map_err(plot_error)?;
                if aggregate {
                    continue;
                }
                // The level in the cell; a dash where nobody assessed it.
                let (text, ink) = match level {
                    Some(level) if level >= 4 => (level.to_string(), WHITE),
                    Some(level) => (level.to_string(), BLACK),
                    None => ("–".to_string(), RGBColor(150, 150, 150)),
                };
                root.draw_text(&text, &small.clone().color(&ink), (x + cell / 2 - 3, y + 5))
                    .map_err(plot_error)?;
            }
        }
        // Legend.
        let y = top + rows as i32 * cell + 12;
        let mut x = MARGIN as i32;
        let entries: Vec<(Option<u8>, String)> = if aggregate {
            (0..=5).map(|l| (Some(l), format!("{}%", l * 20))).collect()
        } else {
            std::iter::once((None, "not assessed".to_string()))
                .chain((0..=5).map(|l| (Some(l), l.to_string())))
                .collect()
        };
        for (level, text) in entries {
            root.draw(&Rectangle::new(
                [(x, y), (x + 14, y + 14)],
                colour(level).filled(),
            ))
            .map_err(plot_error)?;
            root.draw_text(&text, &label, (x + 18, y + 1))
                .map_err(plot_error)?;
            x += 26 + 8 * text.chars().count() as i32;
        }
        root.present().map_err(plot_error)?;
    }
    let mut png = Vec::new();
    image::codecs::png::PngEncoder::new(&mut png)
        .write_image(&buffer, width, height, image::ColorType::Rgb8)
        .context("encoding the skills matrix as PNG")?;
    Ok(png)
}

fn shorten(text: &str, max: usize) -> String {
    super::truncate(text, max)
}

fn plot_error<E: std::error::Error + Send + Sync + 'static>(
    err: DrawingAreaErrorKind<E>,
) -> anyhow::Error {
    anyhow::anyhow!("drawing the skills matrix: {err}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matrix(members: usize, skills: usize) -> Matrix {
        Matrix {
            skills: (0..skills).map(|i| format!("Skill number {i}")).collect(),
            rows: (0..members)
                .map(|m| {
                    let levels = (0..skills)
                        .map(|s| ((m + s) % 7 != 6).then_some(((m * 3 + s) % 6) as u8))
                        .collect();
                    (format!("Member {m}"), levels)
                })
                .collect(),
        }
    }

    fn size(png: &[u8]) -> (u32, u32) {
        let img = image::load_from_memory(png).unwrap();
        (img.width(), img.height())
    }

    #[test]
    fn small_and_large_teams_keep_a_legible_cell_size() {
        let small = pictures(&matrix(3, 12)).unwrap();
        assert_eq!(small.len(), 1);
        assert!(small[0].starts_with(b"\x89PNG"));
        let (w, h) = size(&small[0]);
        assert_eq!(w, MARGIN * 2 + NAME_WIDTH + 12 * CELL);
        assert_eq!(h, MARGIN * 2 + HEADER_HEIGHT + 3 * CELL + LEGEND_HEIGHT);
        let sixty = pictures(&matrix(60, 40)).unwrap();
        assert_eq!(sixty.len(), 1, "60 members fit one picture");
        assert_eq!(
            size(&sixty[0]).1,
            MARGIN * 2 + HEADER_HEIGHT + 60 * CELL + LEGEND_HEIGHT
        );
    }

    #[test]
    fn tall_teams_are_split_and_huge_teams_aggregated() {
        assert_eq!(pictures(&matrix(61, 5)).unwrap().len(), 2);
        assert_eq!(pictures(&matrix(MAX_MEMBERS_SPLIT, 5)).unwrap().len(), 5);
        let huge = pictures(&matrix(MAX_MEMBERS_SPLIT + 1, 5)).unwrap();
        assert_eq!(huge.len(), 1);
        // Seven rows: not assessed and levels 5 … 0.
        assert_eq!(
            size(&huge[0]).1,
            MARGIN * 2 + HEADER_HEIGHT + 7 * CELL + LEGEND_HEIGHT
        );
        assert!(pictures(&matrix(0, 5)).unwrap().is_empty());
    }

    #[test]
    fn aggregate_counts_members_per_level() {
        let m = Matrix {
            skills: vec!["Docker".into()],
            rows: vec![
                ("a".into(), vec![Some(5)]),
                ("b".into(), vec![Some(5)]),
                ("c".into(), vec![None]),
                ("d".into(), vec![Some(0)]),
            ],
        };
        let agg = aggregate(&m);
        let row = |label: &str| agg.rows.iter().find(|(l, _)| l == label).unwrap().1[0];
        assert_eq!(row("level 5"), Some(3)); // 2 of 4 → 2.5 → rounds to 3 of 5
        assert_eq!(row("not assessed"), Some(1));
        assert_eq!(row("level 3"), Some(0));
    }

    #[test]
    fn cells_show_levels_in_distinct_colours() {
        let colours: std::collections::HashSet<_> =
            [None, Some(0), Some(1), Some(2), Some(3), Some(4), Some(5)]
                .into_iter()
                .map(|l| {
                    let c = colour(l);
                    (c.0, c.1, c.2)
                })
                .collect();
        assert_eq!(colours.len(), 7);
    }
}
