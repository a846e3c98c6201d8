//! Draws the army on the canvas: generals as nodes (primary marked, faulty
//! marked, majority shown after an order) and every message in flight as a
//! dot moving from sender to receiver, coloured by the order it carries.
//! Draw calls are batched by colour, one path per style; beyond a budget the
//! messages are sampled evenly and the sampling is said on the canvas.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::engine::exchange::Flight;
use crate::engine::output::thousands;
use crate::engine::{GeneralId, Majority, Order, Session};
use crate::ui::layout::{Layout, RING_LIMIT};
use crate::ui::traitors::{check_marks, strategy_tag};

/// Most message dots drawn per frame; more are sampled down to this.
pub const FLIGHT_BUDGET: usize = 2_500;

/// Colours, read from the page's CSS custom properties so light and dark
/// schemes are defined once, in the stylesheet.
#[derive(Clone, Debug)]
struct Palette {
    background: String,
    edge: String,
    node: String,
    node_stroke: String,
    faulty: String,
    primary: String,
    text: String,
    muted: String,
    attack: String,
    retreat: String,
    undefined: String,
    lie: String,
    selected: String,
    /// The square round a general that broke IC1 or IC2.
    breaks: String,
}

impl Palette {
    fn read() -> Palette {
        let style = web_sys::window().and_then(|w| {
            let root = w.document()?.document_element()?;
            w.get_computed_style(&root).ok().flatten()
        });
        let get = |name: &str, fallback: &str| {
            style
                .as_ref()
                .and_then(|s| s.get_property_value(name).ok())
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
                .unwrap_or_else(|| fallback.to_string())
        };
        Palette {
            background: get("--canvas-bg", "#fbfaf7"),
            edge: get("--edge", "rgba(80,80,90,0.14)"),
            node: get("--node", "#ffffff"),
            node_stroke: get("--node-stroke", "#3b3b46"),
            faulty: get("--faulty", "#7a3fb0"),
            primary: get("--primary", "#c99700"),
            text: get("--text", "#1d1d24"),
            muted: get("--muted", "#6b6b78"),
            attack: get("--attack", "#d1452b"),
            retreat: get("--retreat", "#2a6fdb"),
            undefined: get("--undefined", "#8a8a96"),
            lie: get("--lie", "#111111"),
            selected: get("--selected", "#12a37a"),
            breaks: get("--breaks", "#b3261e"),
        }
    }

    fn order(&self, order: Order) -> &str {
        match order {
            Order::Attack => &self.attack,
            Order::Retreat => &self.retreat,
        }
    }

    fn majority(&self, majority: Majority) -> &str {
        match majority {
            Majority::Order(order) => self.order(order),
            Majority::Undefined => &self.undefined,
        }
    }
}

pub struct CanvasView {
    canvas: web_sys::HtmlCanvasElement,
    ctx: web_sys::CanvasRenderingContext2d,
    palette: Palette,
    layout: Option<(usize, usize, f64, f64, Layout)>,
    /// Size of the drawing in CSS pixels.
    width: f64,
    height: f64,
    /// Hops to highlight, as roster positions (sender, receiver): the relay
    /// chain of the EIG-tree node under the pointer or the focus.
    pub highlight: Vec<(usize, usize)>,
}

impl CanvasView {
    pub fn new(canvas: web_sys::HtmlCanvasElement) -> Result<CanvasView, JsValue> {
        let ctx = canvas
            .get_context("2d")?
            .ok_or("this browser gives no 2D canvas")?
            .dyn_into::<web_sys::CanvasRenderingContext2d>()?;
        Ok(CanvasView {
            canvas,
            ctx,
            palette: Palette::read(),
            layout: None,
            width: 0.0,
            height: 0.0,
            highlight: Vec::new(),
        })
    }

    pub fn canvas(&self) -> &web_sys::HtmlCanvasElement {
        &self.canvas
    }

    /// Re-reads the colours, after the colour scheme changed.
    pub fn refresh_palette(&mut self) {
        self.palette = Palette::read();
    }

    /// Matches the backing store to the element's size and the screen's
    /// pixel density, so lines stay crisp on high-DPI screens.
    fn fit(&mut self) {
        let ratio = web_sys::window()
            .map_or(1.0, |w| w.device_pixel_ratio())
            .max(1.0);
        let width = f64::from(self.canvas.client_width()).max(1.0);
        let height = f64::from(self.canvas.client_height()).max(1.0);
        let (pw, ph) = (
            (width * ratio).round() as u32,
            (height * ratio).round() as u32,
        );
        if self.canvas.width() != pw || self.canvas.height() != ph {
            self.canvas.set_width(pw);
            self.canvas.set_height(ph);
        }
        let _ = self.ctx.set_transform(ratio, 0.0, 0.0, ratio, 0.0, 0.0);
        self.width = width;
        self.height = height;
    }

    /// Recomputes the layout when the army or the canvas size changed.
    fn fit_layout(&mut self, generals: usize, primary: usize) {
        let key = (generals, primary, self.width, self.height);
        let stale = !matches!(&self.layout, Some((n, p, w, h, _)) if (*n, *p, *w, *h) == key);
        if stale {
            let layout = Layout::new(generals, primary, self.width, self.height);
            self.layout = Some((generals, primary, self.width, self.height, layout));
        }
    }

    /// Where a general was last drawn, in CSS pixels of the canvas.
    pub fn position_of(&self, session: &Session, id: GeneralId) -> Option<(f64, f64)> {
        let (_, _, _, _, layout) = self.layout.as_ref()?;
        let index = session.roster().members().iter().position(|m| m.id == id)?;
        layout.positions.get(index).map(|p| (p.x, p.y))
    }

    /// The general under a point given in CSS pixels of the canvas.
    pub fn hit(&self, session: &Session, x: f64, y: f64) -> Option<GeneralId> {
        let (_, _, _, _, layout) = self.layout.as_ref()?;
        let index = layout.hit(x, y)?;
        session.roster().members().get(index).map(|m| m.id)
    }

    pub fn draw(&mut self, session: &Session, selected: Option<GeneralId>) {
        self.fit();
        let roster = session.roster();
        let members = roster.members();
        let primary = members
            .iter()
            .position(|m| m.id == roster.primary())
            .unwrap_or(0);
        self.fit_layout(members.len(), primary);
        let layout = &self.layout.as_ref().expect("fitted above").4;
        let ctx = &self.ctx;
        let p = &self.palette;
        ctx.set_fill_style_str(&p.background);
        ctx.fill_rect(0.0, 0.0, self.width, self.height);

        // Every pair can talk: show the wiring while it stays legible.
        if members.len() <= RING_LIMIT.min(30) + 1 {
            ctx.begin_path();
            for (i, a) in layout.positions.iter().enumerate() {
                for b in &layout.positions[i + 1..] {
                    ctx.move_to(a.x, a.y);
                    ctx.line_to(b.x, b.y);
                }
            }
            ctx.set_stroke_style_str(&p.edge);
            ctx.set_line_width(1.0);
            ctx.stroke();
        }

        if let Some(exchange) = session.exchange() {
            let (sample, stride) = exchange.flights_sampled(FLIGHT_BUDGET);
            let flights: Vec<Flight> = sample.collect();
            self.draw_flights(layout, &flights);
            if stride > 1 {
                self.caption(&format!(
                    "showing 1 in {stride} of {} messages in flight",
                    thousands(exchange.in_flight() as u64)
                ));
            }
        }
        self.draw_highlight(layout);
        self.draw_generals(session, layout, selected);
    }

    /// The highlighted chain: each hop a thick line with an arrow head at
    /// its receiver, in the selection colour.
    fn draw_highlight(&self, layout: &Layout) {
        let ctx = &self.ctx;
        let in_range = |i: usize| i < layout.positions.len();
        ctx.begin_path();
        for &(from, to) in self
            .highlight
            .iter()
            .filter(|(a, b)| in_range(*a) && in_range(*b))
        {
            let (a, b) = (layout.positions[from], layout.positions[to]);
            ctx.move_to(a.x, a.y);
            ctx.line_to(b.x, b.y);
            // The head, short of the receiver's disc.
            let (dx, dy) = (b.x - a.x, b.y - a.y);
            let length = (dx * dx + dy * dy).sqrt().max(1.0);
            let (ux, uy) = (dx / length, dy / length);
            let back = layout.radius_of(to) + 4.0;
            let (tx, ty) = (b.x - ux * back, b.y - uy * back);
            ctx.move_to(tx, ty);
            ctx.line_to(tx - ux * 12.0 - uy * 6.0, ty - uy * 12.0 + ux * 6.0);
            ctx.move_to(tx, ty);
            ctx.line_to(tx - ux * 12.0 + uy * 6.0, ty - uy * 12.0 - ux * 6.0);
        }
        ctx.set_stroke_style_str(&self.palette.selected);
        ctx.set_line_width(4.0);
        ctx.stroke();
    }

    fn draw_flights(&self, layout: &Layout, flights: &[Flight]) {
        let ctx = &self.ctx;
        let p = &self.palette;
        let dense = flights.len() > 400;
        // One pass per (order, lie) style, so the whole set is a handful of draw calls.
        for order in [Order::Attack, Order::Retreat] {
            for altered in [false, true] {
                let group = || {
                    flights
                        .iter()
                        .filter(move |f| f.order == order && f.altered == altered)
                };
                let colour = p.order(order);
                // Trails: from the sender to where the message is now.
                ctx.begin_path();
                for f in group() {
                    let (a, b) = (layout.positions[f.from_index], layout.positions[f.to_index]);
                    let t = f.progress;
                    ctx.move_to(a.x, a.y);
                    ctx.line_to(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t);
                }
                ctx.set_global_alpha(if dense { 0.12 } else { 0.45 });
                ctx.set_stroke_style_str(colour);
                ctx.set_line_width(if dense { 0.6 } else { 2.0 });
                ctx.stroke();
                ctx.set_global_alpha(1.0);

                // Heads: round 1 larger than relays, so rounds read apart.
                ctx.begin_path();
                for f in group() {
                    let (a, b) = (layout.positions[f.from_index], layout.positions[f.to_index]);
                    let t = f.progress;
                    let (x, y) = (a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t);
                    let r = match (dense, f.round) {
                        (true, _) => 1.8,
                        (false, 1) => 6.5,
                        (false, _) => 4.5,
                    };
                    if altered {
                        // A lie is a diamond, not a dot: visibly not what was heard.
                        let d = r * 1.5;
                        ctx.move_to(x, y - d);
                        ctx.line_to(x + d, y);
                        ctx.line_to(x, y + d);
                        ctx.line_to(x - d, y);
                        ctx.close_path();
                    } else {
                        ctx.move_to(x + r, y);
                        let _ = ctx.arc(x, y, r, 0.0, std::f64::consts::TAU);
                    }
                }
                ctx.set_fill_style_str(colour);
                ctx.fill();
                if altered {
                    ctx.set_stroke_style_str(&p.lie);
                    ctx.set_line_width(if dense { 0.8 } else { 1.6 });
                    ctx.stroke();
                }
            }
        }
    }

    fn draw_generals(&self, session: &Session, layout: &Layout, selected: Option<GeneralId>) {
        let ctx = &self.ctx;
        let p = &self.palette;
        let roster = session.roster();
        let verdict = session.last_verdict().filter(|_| !session.is_busy());
        let labels = layout.shows_labels();
        for (faulty, fill) in [(false, &p.node), (true, &p.faulty)] {
            ctx.begin_path();
            for (i, m) in roster.members().iter().enumerate() {
                if m.loyalty.is_faulty() == faulty {
                    let (c, r) = (layout.positions[i], layout.radius_of(i));
                    ctx.move_to(c.x + r, c.y);
                    let _ = ctx.arc(c.x, c.y, r, 0.0, std::f64::consts::TAU);
                }
            }
            ctx.set_fill_style_str(fill);
            ctx.fill();
            ctx.set_stroke_style_str(&p.node_stroke);
            ctx.set_line_width(if labels { 1.5 } else { 0.5 });
            ctx.stroke();
        }

        // The primary wears a gold ring.
        let at = layout.primary;
        self.rings(layout, [at], |_| 4.0, &p.primary, 3.0);

        // After an order, a ring in the colour of each general's majority,
        // one path per colour.
        if let Some(verdict) = verdict {
            for majority in [
                Majority::Order(Order::Attack),
                Majority::Order(Order::Retreat),
                Majority::Undefined,
            ] {
                let holders = verdict
                    .reports
                    .iter()
                    .enumerate()
                    .filter(|(_, r)| r.majority == majority)
                    .map(|(i, _)| i);
                let width = if labels { 3.0 } else { 1.5 };
                // The primary's sits outside its gold ring.
                let gap = |i| if i == at { 8.5 } else { 3.5 };
                self.rings(layout, holders, gap, p.majority(majority), width);
            }
        }

        if let Some(index) =
            selected.and_then(|id| roster.members().iter().position(|m| m.id == id))
        {
            self.rings(layout, [index], |_| 12.0, &p.selected, 2.5);
        }
        let marks = check_marks(session);
        super::check_marks::draw(ctx, layout, session, &marks, &p.breaks);

        ctx.set_text_align("center");
        ctx.set_text_baseline("middle");
        for (i, m) in roster.members().iter().enumerate() {
            let is_primary = i == at;
            if !labels && !is_primary {
                continue;
            }
            let (c, r) = (layout.positions[i], layout.radius_of(i));
            let size = (r * 0.62).clamp(9.0, 15.0);
            ctx.set_font(&format!("600 {size}px system-ui, sans-serif"));
            ctx.set_fill_style_str(if m.loyalty.is_faulty() {
                "#ffffff"
            } else {
                &p.text
            });
            let _ = ctx.fill_text(&m.id.to_string(), c.x, c.y);
            let mut caption = Vec::new();
            if is_primary {
                caption.push("primary".to_string());
            }
            caption.extend(strategy_tag(session, m.id));
            let shown = verdict.and_then(|v| v.reports.get(i)).map(|r| r.majority);
            caption.extend(shown.map(|m| m.to_string()));
            let mark = marks.iter().find(|(id, _)| *id == m.id);
            if !caption.is_empty() || mark.is_some() {
                ctx.set_font("11px system-ui, sans-serif");
                ctx.set_fill_style_str(&p.muted);
                let mut below = c.y + r + if is_primary { 18.0 } else { 13.0 };
                if mark.is_some() {
                    // Below the check's square, not across it.
                    below += super::check_marks::MARK_GAP;
                }
                let _ = ctx.fill_text(&caption.join(" \u{b7} "), c.x, below);
                if let Some((_, breaks)) = mark {
                    // The check's words on a line of their own, in the text
                    // colour: they must stand out from the muted caption.
                    ctx.set_font("600 11px system-ui, sans-serif");
                    ctx.set_fill_style_str(&p.text);
                    let _ = ctx.fill_text(&breaks.label(shown), c.x, below + 13.0);
                }
            }
        }
    }

    /// Strokes a ring `gap(i)` pixels outside each listed general's circle,
    /// as one path.
    fn rings(
        &self,
        layout: &Layout,
        indices: impl IntoIterator<Item = usize>,
        gap: impl Fn(usize) -> f64,
        colour: &str,
        width: f64,
    ) {
        let ctx = &self.ctx;
        ctx.begin_path();
        for i in indices {
            let (c, r) = (layout.positions[i], layout.radius_of(i));
            let r = r + gap(i);
            ctx.move_to(c.x + r, c.y);
            let _ = ctx.arc(c.x, c.y, r, 0.0, std::f64::consts::TAU);
        }
        ctx.set_stroke_style_str(colour);
        ctx.set_line_width(width);
        ctx.stroke();
    }

    fn caption(&self, text: &str) {
        self.ctx.set_font("12px system-ui, sans-serif");
        self.ctx.set_text_align("left");
        self.ctx.set_text_baseline("alphabetic");
        self.ctx.set_fill_style_str(&self.palette.muted);
        let _ = self.ctx.fill_text(text, 12.0, self.height - 12.0);
    }
}
