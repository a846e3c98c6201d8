//! The view on the `<canvas>`: sizes the drawing buffer to the screen and
//! draws the generals. For now a still picture (four generals, G1 primary,
//! every message path); the animated view of the exchange replaces it later.

use std::f64::consts::PI;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

const BACKGROUND: &str = "#1c2027";
const PATH: &str = "rgba(138, 147, 163, 0.45)";
const PRIMARY: &str = "#e0b04a";
const SECONDARY: &str = "#4a90c2";
const OUTLINE: &str = "#d8dee9";
const LABEL: &str = "#14171c";
const CAPTION: &str = "#8a93a3";

/// Gives the canvas one drawing-buffer pixel per device pixel of its
/// on-screen size. Leaves it alone while it has no size (not laid out).
pub fn fit_to_display(canvas: &HtmlCanvasElement) {
    let ratio = web_sys::window()
        .map(|window| window.device_pixel_ratio())
        .unwrap_or(1.0)
        .max(1.0);
    let (width, height) = (canvas.client_width(), canvas.client_height());
    if width > 0 && height > 0 {
        canvas.set_width((f64::from(width) * ratio).round() as u32);
        canvas.set_height((f64::from(height) * ratio).round() as u32);
    }
}

/// Fits and draws the canvas now, and again whenever the window is resized
/// (for as long as the page lives).
pub fn show(canvas: &HtmlCanvasElement) -> Result<(), JsValue> {
    fit_to_display(canvas);
    draw_placeholder(canvas)?;
    let Some(window) = web_sys::window() else {
        return Ok(());
    };
    let target = canvas.clone();
    let on_resize = Closure::<dyn FnMut()>::new(move || {
        fit_to_display(&target);
        if let Err(error) = draw_placeholder(&target) {
            web_sys::console::error_1(&error);
        }
    });
    window.add_event_listener_with_callback("resize", on_resize.as_ref().unchecked_ref())?;
    on_resize.forget();
    Ok(())
}

/// The canvas's 2D drawing context.
pub fn context_2d(canvas: &HtmlCanvasElement) -> Result<CanvasRenderingContext2d, JsValue> {
    canvas
        .get_context("2d")?
        .ok_or_else(|| JsValue::from_str("the canvas has no 2d context"))?
        .dyn_into::<CanvasRenderingContext2d>()
        .map_err(|_| JsValue::from_str("the canvas's 2d context has an unexpected type"))
}

/// Draws four generals on a ring, G1 (the primary) on top, with a path
/// between every pair, and a caption.
pub fn draw_placeholder(canvas: &HtmlCanvasElement) -> Result<(), JsValue> {
    const GENERALS: usize = 4;
    let ctx = context_2d(canvas)?;
    let (width, height) = (f64::from(canvas.width()), f64::from(canvas.height()));
    let unit = width.min(height) / 100.0;

    ctx.set_fill_style_str(BACKGROUND);
    ctx.fill_rect(0.0, 0.0, width, height);

    let (cx, cy) = (width / 2.0, height / 2.0 - 4.0 * unit);
    let ring = 30.0 * unit;
    let positions: Vec<(f64, f64)> = (0..GENERALS)
        .map(|i| {
            let angle = -PI / 2.0 + 2.0 * PI * i as f64 / GENERALS as f64;
            (cx + ring * angle.cos(), cy + ring * angle.sin())
        })
        .collect();

    ctx.set_stroke_style_str(PATH);
    ctx.set_line_width(0.5 * unit);
    for (i, &(x1, y1)) in positions.iter().enumerate() {
        for &(x2, y2) in &positions[i + 1..] {
            ctx.begin_path();
            ctx.move_to(x1, y1);
            ctx.line_to(x2, y2);
            ctx.stroke();
        }
    }

    ctx.set_text_align("center");
    ctx.set_text_baseline("middle");
    for (i, &(x, y)) in positions.iter().enumerate() {
        ctx.begin_path();
        ctx.arc(x, y, 8.0 * unit, 0.0, 2.0 * PI)?;
        ctx.set_fill_style_str(if i == 0 { PRIMARY } else { SECONDARY });
        ctx.fill();
        ctx.set_stroke_style_str(OUTLINE);
        ctx.set_line_width(0.4 * unit);
        ctx.stroke();
        ctx.set_fill_style_str(LABEL);
        ctx.set_font(&format!("bold {:.0}px sans-serif", 5.0 * unit));
        ctx.fill_text(&format!("G{}", i + 1), x, y)?;
    }

    ctx.set_fill_style_str(CAPTION);
    ctx.set_font(&format!("{:.0}px sans-serif", 3.6 * unit));
    ctx.fill_text(
        "4 generals, G1 primary: every path a message can take",
        cx,
        height - 6.0 * unit,
    )?;
    Ok(())
}
