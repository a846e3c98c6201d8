//! Marks on the canvas for the generals that the last `check:` note names as
//! breaking IC1 or IC2 (`ui::traitors::check_marks`): a thick square round
//! the general, a shape no other mark uses, so it reads without colour; the
//! words (`breaks IC2`) go beside it with its caption (`ui::labels`). The marks go when the
//! army changes or the next order starts, as the model says.

use crate::engine::{GeneralId, Session};
use crate::ui::labels::mark_half;
use crate::ui::layout::Layout;
use crate::ui::traitors::Breaks;

/// Strokes one square per marked general (`marks` from
/// `ui::traitors::check_marks`), as one path in `colour`.
pub fn draw(
    ctx: &web_sys::CanvasRenderingContext2d,
    layout: &Layout,
    session: &Session,
    marks: &[(GeneralId, Breaks)],
    colour: &str,
) {
    if marks.is_empty() {
        return;
    }
    let members = session.roster().members();
    ctx.begin_path();
    for (id, _) in marks {
        let Some(index) = members.iter().position(|m| m.id == *id) else {
            continue;
        };
        let (c, half) = (layout.positions[index], mark_half(layout, index));
        ctx.rect(c.x - half, c.y - half, 2.0 * half, 2.0 * half);
    }
    ctx.set_stroke_style_str(colour);
    ctx.set_line_width(if layout.shows_labels() { 3.0 } else { 1.5 });
    let _ = ctx.set_line_dash(&js_sys::Array::new());
    ctx.stroke();
}
