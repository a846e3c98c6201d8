//! The Experiments panel's chart, drawn with plotters on a canvas: for each
//! depth m, two heat maps side by side (IC1 broken, IC2 broken) over n
//! (across) and k (up), the theorem's bound drawn on each (n = 3k + 1 for
//! OM(m), n = k + 2 for SM(m), and the dashed line k = m above which no
//! depth-m protocol promises anything), axis labels, and a legend strip below
//! the maps (the colour scale and the two lines), where it hides no cell. `Chart::cell_at` maps a click back to its cell.

use plotters::coord::types::RangedCoordf64;
use plotters::coord::ReverseCoordTranslate;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;

use crate::engine::experiment::Sweep;
use crate::engine::Kind;
use crate::ui::experiment_results::{bound, Condition, Row};

/// Height of one row of heat maps and of the legend strip, in canvas pixels.
const ROW_HEIGHT: u32 = 280;
const LEGEND_HEIGHT: u32 = 50;

/// Where each heat map landed, to find the cell under a click.
pub struct Chart {
    maps: Vec<(u32, Cartesian2d<RangedCoordf64, RangedCoordf64>)>,
}

/// Light for rare breaks, dark red for certain ones; exactly zero is a pale
/// green-grey, so "never broke" stands apart from "rarely broke".
fn colour(rate: f64) -> RGBColor {
    if rate <= 0.0 {
        return RGBColor(232, 240, 234);
    }
    // A square root spreads the small rates, where the interest is.
    let t = rate.clamp(0.0, 1.0).sqrt();
    let lerp = |a: f64, b: f64| (a + (b - a) * t).round() as u8;
    RGBColor(lerp(254.0, 150.0), lerp(224.0, 10.0), lerp(144.0, 30.0))
}

/// The canvas height for `depths` rows of maps.
pub fn height(depths: u32) -> u32 {
    depths * ROW_HEIGHT + LEGEND_HEIGHT
}

/// Draws the chart of `rows` (the cells received so far) for `sweep`.
pub fn draw(
    canvas: &web_sys::HtmlCanvasElement,
    sweep: &Sweep,
    rows: &[Row],
) -> Result<Chart, String> {
    let backend = CanvasBackend::with_canvas_object(canvas.clone())
        .ok_or("the chart's canvas has no 2D context")?;
    let root = backend.into_drawing_area();
    let fail = |e: DrawingAreaErrorKind<_>| format!("chart: {e:?}");
    root.fill(&WHITE).map_err(fail)?;
    let depths: Vec<u32> = sweep.m.values().collect();
    let (maps_area, legend) = root.split_vertically(depths.len() as u32 * ROW_HEIGHT);
    let areas = maps_area.split_evenly((depths.len(), 2));
    let (n0, n1) = (f64::from(sweep.n.first), f64::from(sweep.n.last));
    let (k0, k1) = (f64::from(sweep.k.first), f64::from(sweep.k.last));
    let mut chart = Chart { maps: Vec::new() };
    for (i, area) in areas.iter().enumerate() {
        let depth = depths[i / 2];
        let condition = Condition::BOTH[i % 2];
        let name = match sweep.kind {
            Kind::Oral => "OM",
            Kind::Signed => "SM",
        };
        let mut map = ChartBuilder::on(area)
            .caption(
                format!("{name}({depth}): {}", condition.title()),
                ("sans-serif", 15),
            )
            .margin(6)
            .x_label_area_size(34)
            .y_label_area_size(40)
            .build_cartesian_2d((n0 - 0.5)..(n1 + 0.5), (k0 - 0.5)..(k1 + 0.5))
            .map_err(fail)?;
        let whole = |v: &f64| {
            if (v - v.round()).abs() < 1e-9 {
                format!("{}", v.round())
            } else {
                String::new()
            }
        };
        map.configure_mesh()
            .disable_mesh()
            .x_desc("n, generals")
            .y_desc("k, faulty")
            .x_labels(((n1 - n0) as usize + 1).min(16))
            .y_labels(((k1 - k0) as usize + 1).min(12))
            .x_label_formatter(&whole)
            .y_label_formatter(&whole)
            .draw()
            .map_err(fail)?;
        map.draw_series(rows.iter().filter(|r| r.depth == depth).map(|r| {
            let (n, k) = (f64::from(r.n), f64::from(r.k));
            Rectangle::new(
                [(n - 0.5, k - 0.5), (n + 0.5, k + 0.5)],
                colour(condition.rate(r)).filled(),
            )
        }))
        .map_err(fail)?;
        // The bound: clipped by hand to the map, as plotters draws outside it.
        let ((a_n, a_k), (_, _), m) = bound(sweep.kind, depth, sweep);
        let slope = match sweep.kind {
            Kind::Oral => 3.0,
            Kind::Signed => 1.0,
        };
        let k_at = |n: f64| (n - a_n) / slope + a_k;
        let (lo, hi) = (n0 - 0.5, n1 + 0.5);
        let (klo, khi) = (k0 - 0.5, k1 + 0.5);
        let mut points: Vec<(f64, f64)> = Vec::new();
        for step in 0..=200 {
            let n = lo + (hi - lo) * f64::from(step) / 200.0;
            let k = k_at(n);
            if (klo..=khi).contains(&k) {
                points.push((n, k));
            }
        }
        map.draw_series(std::iter::once(PathElement::new(
            points,
            BLACK.stroke_width(2),
        )))
        .map_err(fail)?;
        if (klo..=khi).contains(&(m + 0.5)) {
            let dashes: Vec<PathElement<(f64, f64)>> = (0..40)
                .filter(|i| i % 2 == 0)
                .map(|i| {
                    let a = lo + (hi - lo) * f64::from(i) / 40.0;
                    let b = lo + (hi - lo) * f64::from(i + 1) / 40.0;
                    PathElement::new(vec![(a, m + 0.5), (b, m + 0.5)], BLUE.stroke_width(2))
                })
                .collect();
            map.draw_series(dashes).map_err(fail)?;
        }
        chart.maps.push((depth, map.as_coord_spec().clone()));
    }
    draw_legend(&legend, sweep.kind).map_err(fail)?;
    root.present().map_err(fail)?;
    Ok(chart)
}

/// The legend, below the maps so that it hides no cell: the colour scale
/// ("never" and then 1% to 100%) and the two lines.
fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, plotters::coord::Shift>,
    kind: Kind,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let font = ("sans-serif", 13).into_font();
    let y = 12;
    area.draw(&Rectangle::new(
        [(20, y), (44, y + 16)],
        colour(0.0).filled(),
    ))?;
    area.draw(&Text::new("never broke", (50, y + 2), font.clone()))?;
    let x0 = 150;
    let width = 240;
    for i in 0..width {
        let rate = (f64::from(i) + 1.0) / f64::from(width);
        area.draw(&Rectangle::new(
            [(x0 + i, y), (x0 + i + 1, y + 16)],
            colour(rate).filled(),
        ))?;
    }
    area.draw(&Text::new("rarely", (x0 - 2, y + 19), font.clone()))?;
    area.draw(&Text::new(
        "always broke (share of trials)",
        (x0 + width - 170, y + 19),
        font.clone(),
    ))?;
    let bound = match kind {
        Kind::Oral => "n = 3k + 1 (OM's bound)",
        Kind::Signed => "n = k + 2 (SM's bound)",
    };
    let x = 430;
    area.draw(&PathElement::new(
        vec![(x, y + 4), (x + 24, y + 4)],
        BLACK.stroke_width(2),
    ))?;
    area.draw(&Text::new(bound, (x + 30, y - 3), font.clone()))?;
    for dash in [0, 12] {
        area.draw(&PathElement::new(
            vec![(x + dash, y + 24), (x + dash + 7, y + 24)],
            BLUE.stroke_width(2),
        ))?;
    }
    area.draw(&Text::new(
        "k = m (above it, k > m)",
        (x + 30, y + 17),
        font,
    ))?;
    Ok(())
}

/// Outlines cell (n, k) of depth `depth` on both its maps (white under
/// black, visible on pale and dark cells alike): the keyboard's cell.
pub fn highlight(canvas: &web_sys::HtmlCanvasElement, chart: &Chart, depth: u32, n: u32, k: u32) {
    use wasm_bindgen::JsCast;
    let Some(ctx) = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok())
    else {
        return;
    };
    for (_, spec) in chart.maps.iter().filter(|(d, _)| *d == depth) {
        let (n, k) = (f64::from(n), f64::from(k));
        let (x0, y0) = spec.translate(&(n - 0.5, k + 0.5));
        let (x1, y1) = spec.translate(&(n + 0.5, k - 0.5));
        let (x, y) = (f64::from(x0.min(x1)), f64::from(y0.min(y1)));
        let (w, h) = (f64::from((x1 - x0).abs()), f64::from((y1 - y0).abs()));
        for (colour, width) in [("#ffffff", 5.0), ("#000000", 2.5)] {
            ctx.set_stroke_style_str(colour);
            ctx.set_line_width(width);
            ctx.stroke_rect(x + 1.5, y + 1.5, w - 3.0, h - 3.0);
        }
    }
}

impl Chart {
    /// The canvas pixel at the centre of cell (n, k) on depth `depth`'s IC1 map.
    pub fn point_of(&self, depth: u32, n: u32, k: u32) -> Option<(i32, i32)> {
        let (_, spec) = self.maps.iter().find(|(d, _)| *d == depth)?;
        Some(spec.translate(&(f64::from(n), f64::from(k))))
    }

    /// The (depth, n, k) under canvas pixel (x, y), if it is on a map.
    pub fn cell_at(&self, x: i32, y: i32) -> Option<(u32, u32, u32)> {
        self.maps.iter().find_map(|(depth, spec)| {
            let xs = spec.get_x_axis_pixel_range();
            let ys = spec.get_y_axis_pixel_range();
            let inside = (xs.start.min(xs.end)..=xs.start.max(xs.end)).contains(&x)
                && (ys.start.min(ys.end)..=ys.start.max(ys.end)).contains(&y);
            if !inside {
                return None;
            }
            let (n, k) = spec.reverse_translate((x, y))?;
            Some((*depth, n.round() as u32, k.round() as u32))
        })
    }
}
