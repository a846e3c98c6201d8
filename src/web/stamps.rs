//! Stamps: a small shape (a general's disc, a majority's ring) drawn once at
//! each quarter-pixel offset into small canvases of its own, then copied to
//! wherever each general stands. Headless Chromium rasters canvas paths in
//! software on the page's main thread, and a thousand discs or rings took it
//! 3 to 6 ms a pass; a thousand copies of a few pixels, about 2 ms (measured
//! at n = 1000). Placed at the nearest quarter device pixel, a stamp covers
//! the pixels the shape drawn in place covers, to an eighth of a pixel.
//! Used only for large armies (`STAMPED_FROM`), whose shapes do not overlap.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::ui::layout::Point;

use super::dom;

/// Fewest shapes of one kind drawn as stamps; fewer are drawn in place.
pub const STAMPED_FROM: usize = 64;

/// Offsets per device pixel, across and down.
const PHASES: usize = 4;

/// Shapes kept at most; past it the stamps are made anew (a colour scheme
/// switched back and forth, many radii after many resizes).
const MOST_KINDS: usize = 16;

/// What tells one shape from another: a name, its measures (radius, line
/// width, dash pattern, as bits; the pixel density last), and its colours.
type Kind = (&'static str, Vec<u64>, String);

struct Stamp {
    /// Device pixels from a stamp's corner to the shape's centre at offset 0.
    half: f64,
    /// One canvas per offset, `PHASES` across by `PHASES` down.
    phases: Vec<web_sys::HtmlCanvasElement>,
}

#[derive(Default)]
pub struct Stamps {
    made: Vec<(Kind, Stamp)>,
}

impl Stamps {
    /// Copies the shape `name` (of `measures` and `colours`: all that
    /// tells it from another; reaching `reach` CSS pixels from its centre;
    /// `draw` draws it about the origin in CSS pixels) to each centre in
    /// `at`, on `ctx` whose backing store has `ratio` device pixels per CSS
    /// pixel.
    pub fn stamp(
        &mut self,
        ctx: &web_sys::CanvasRenderingContext2d,
        ratio: f64,
        (name, measures, colours): (&'static str, &[f64], &str),
        reach: f64,
        draw: &dyn Fn(&web_sys::CanvasRenderingContext2d),
        at: &[Point],
    ) -> Result<(), JsValue> {
        let bits = measures.iter().chain([&ratio]).map(|v| v.to_bits());
        let kind: Kind = (name, bits.collect(), colours.to_string());
        let index = match self.made.iter().position(|(k, _)| *k == kind) {
            Some(index) => index,
            None => {
                if self.made.len() >= MOST_KINDS {
                    self.made.clear();
                }
                self.made.push((kind, Stamp::make(ratio, reach, draw)?));
                self.made.len() - 1
            }
        };
        let stamp = &self.made[index].1;
        let quarters = PHASES as f64;
        ctx.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0)?;
        for p in at {
            // The centre in device pixels, to the nearest quarter (`floor`
            // is one wasm instruction; `round` would link a function).
            let (x, y) = (
                (p.x * ratio * quarters + 0.5).floor() / quarters,
                (p.y * ratio * quarters + 0.5).floor() / quarters,
            );
            let (left, top) = (x.floor(), y.floor());
            let phase = ((y - top) * quarters) as usize * PHASES + ((x - left) * quarters) as usize;
            if let Some(canvas) = stamp.phases.get(phase) {
                ctx.draw_image_with_html_canvas_element(
                    canvas,
                    left - stamp.half,
                    top - stamp.half,
                )?;
            }
        }
        ctx.set_transform(ratio, 0.0, 0.0, ratio, 0.0, 0.0)
    }
}

impl Stamp {
    fn make(
        ratio: f64,
        reach: f64,
        draw: &dyn Fn(&web_sys::CanvasRenderingContext2d),
    ) -> Result<Stamp, JsValue> {
        // A pixel of margin for the edge's smoothing, and one for the offset.
        let half = (reach * ratio).ceil() + 1.0;
        let side = 2 * half as u32 + 2;
        let mut phases = Vec::with_capacity(PHASES * PHASES);
        for down in 0..PHASES {
            for across in 0..PHASES {
                let canvas: web_sys::HtmlCanvasElement =
                    dom::document().create_element("canvas")?.dyn_into()?;
                canvas.set_width(side);
                canvas.set_height(side);
                let ctx = canvas
                    .get_context("2d")?
                    .ok_or("this browser gives no 2D canvas")?
                    .dyn_into::<web_sys::CanvasRenderingContext2d>()?;
                let offset = |k: usize| half + k as f64 / PHASES as f64;
                ctx.set_transform(ratio, 0.0, 0.0, ratio, offset(across), offset(down))?;
                draw(&ctx);
                phases.push(canvas);
            }
        }
        Ok(Stamp { half, phases })
    }
}
