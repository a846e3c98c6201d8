//! Draws the army on the canvas: generals as nodes (primary marked, faulty
//! marked, majority shown after an order) and every message in flight as a
//! dot moving from sender to receiver, coloured by the order it carries.
//! Draw calls are batched by colour, one path per style; beyond a budget the
//! messages are sampled evenly and the sampling is said on the canvas.
//!
//! The generals (the ground, `ui::scene::Ground`) are drawn into a canvas of
//! their own, redrawn only when they change, and copied under the messages
//! each frame; a frame whose `ui::scene::Scene` equals the last one drawn
//! draws nothing. At n = 1000 the ground's thousand discs and rings took the
//! browser longer to raster than a frame lasts.

use std::cell::RefCell;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::engine::exchange::Flight;
use crate::engine::inspect;
use crate::engine::output::thousands;
use crate::engine::{GeneralId, Majority, Order, Session};
use crate::ui::labels::{self, Label, Weight, Words};
use crate::ui::layout::{Layout, Point};
use crate::ui::scene::{Ground, Scene};
use crate::ui::traitors::check_marks;

use super::dom;
use super::stamps::{Stamps, STAMPED_FROM};

/// Above this many messages in flight, marks and trails are drawn thin and
/// faint (a crowd), and retreat trails solid.
const DENSE_FLIGHTS: usize = 400;

/// CSS pixels between a general's circle and its majority's ring (drawn in
/// place or in its stamp; the primary's sits further out, past its gold ring).
const RING_GAP: f64 = 3.5;

/// What the app wants drawn besides the army: the inspected general, the
/// keyboard's cursor (while the canvas has the focus) and the paused notice.
#[derive(Clone, Copy, Debug, Default)]
pub struct ViewState {
    pub selected: Option<GeneralId>,
    pub cursor: Option<GeneralId>,
    pub paused: bool,
}

/// A line-dash pattern as the canvas takes it.
fn dash(pattern: &[f64]) -> js_sys::Array {
    pattern.iter().map(|&v| JsValue::from_f64(v)).collect()
}

/// Fills the current path with `fill` and outlines it with `stroke`,
/// `width` wide and dashed by `pattern` (solid if empty): a general's disc.
fn fill_and_outline(
    ctx: &web_sys::CanvasRenderingContext2d,
    fill: &str,
    stroke: &str,
    width: f64,
    pattern: &[f64],
) {
    ctx.set_fill_style_str(fill);
    ctx.fill();
    ctx.set_stroke_style_str(stroke);
    ctx.set_line_width(width);
    let _ = ctx.set_line_dash(&dash(pattern));
    ctx.stroke();
}

/// How a general's disc is drawn: its fill, and its outline's colour, width
/// and dash pattern.
struct Disc<'a> {
    fill: &'a str,
    stroke: &'a str,
    width: f64,
    pattern: &'a [f64],
}

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
    focus: String,
    on_faulty: String,
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
            breaks: get("--breaks", "#b3261e"),
            selected: get("--selected", "#0b7a5a"),
            focus: get("--focus", "#1a5fd0"),
            on_faulty: get("--on-faulty", "#ffffff"),
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
    /// The ground, drawn apart at the canvas's size (never in the page).
    ground: web_sys::HtmlCanvasElement,
    ground_ctx: web_sys::CanvasRenderingContext2d,
    /// What `ground` shows, or `None` when it must be redrawn (nothing
    /// drawn yet, or the size, layout, words or colours changed).
    ground_shown: Option<Ground>,
    /// The scene last drawn on the canvas, or `None` when it must be drawn.
    scene_shown: Option<Scene>,
    /// A large army's discs and rings, drawn once (see `stamps`).
    stamps: RefCell<Stamps>,
    palette: Palette,
    layout: Option<(usize, usize, f64, f64, Layout)>,
    /// The words beside the generals as last placed, for the words they
    /// were placed for (placing measures text: not on every frame).
    labels: Option<(Vec<Words>, Vec<Label>)>,
    /// The polite live region that names the general under the keyboard's cursor.
    cursor_region: Option<web_sys::Element>,
    /// Size of the drawing in CSS pixels, and backing store pixels per CSS pixel.
    width: f64,
    height: f64,
    ratio: f64,
    /// Hops to highlight, as roster positions (sender, receiver): the relay
    /// chain of the EIG-tree node under the pointer or the focus.
    pub highlight: Vec<(usize, usize)>,
}

impl CanvasView {
    pub fn new(canvas: web_sys::HtmlCanvasElement) -> Result<CanvasView, JsValue> {
        let context = |canvas: &web_sys::HtmlCanvasElement| -> Result<_, JsValue> {
            Ok(canvas
                .get_context("2d")?
                .ok_or("this browser gives no 2D canvas")?
                .dyn_into::<web_sys::CanvasRenderingContext2d>()?)
        };
        let ctx = context(&canvas)?;
        let ground: web_sys::HtmlCanvasElement =
            dom::document().create_element("canvas")?.dyn_into()?;
        let ground_ctx = context(&ground)?;
        Ok(CanvasView {
            canvas,
            ctx,
            ground,
            ground_ctx,
            ground_shown: None,
            scene_shown: None,
            stamps: RefCell::default(),
            palette: Palette::read(),
            layout: None,
            labels: None,
            cursor_region: dom::document().get_element_by_id("view-cursor"),
            width: 0.0,
            height: 0.0,
            ratio: 1.0,
            highlight: Vec::new(),
        })
    }

    pub fn canvas(&self) -> &web_sys::HtmlCanvasElement {
        &self.canvas
    }

    /// Re-reads the colours, after the colour scheme changed.
    pub fn refresh_palette(&mut self) {
        self.palette = Palette::read();
        self.redraw();
    }

    /// Draws everything anew on the next frame.
    fn redraw(&mut self) {
        self.ground_shown = None;
        self.scene_shown = None;
    }

    /// Matches the backing store to the element's size and the screen's
    /// pixel density, so lines stay crisp on high-DPI screens. Called first
    /// in a frame, before any DOM write: reading the element's size then
    /// finds the layout the last rendering made, instead of laying out the
    /// page again (some 48 ms over an order at n = 1000, when it was read
    /// after the console's and the status's writes).
    pub fn fit(&mut self) {
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
            // Resizing clears both canvases.
            self.canvas.set_width(pw);
            self.canvas.set_height(ph);
            self.ground.set_width(pw);
            self.ground.set_height(ph);
            self.redraw();
        }
        let _ = self.ctx.set_transform(ratio, 0.0, 0.0, ratio, 0.0, 0.0);
        let _ = self
            .ground_ctx
            .set_transform(ratio, 0.0, 0.0, ratio, 0.0, 0.0);
        if (self.width, self.height, self.ratio) != (width, height, ratio) {
            self.redraw();
        }
        self.width = width;
        self.height = height;
        self.ratio = ratio;
    }

    /// Recomputes the layout when the army or the canvas size changed.
    fn fit_layout(&mut self, generals: usize, primary: usize) {
        let key = (generals, primary, self.width, self.height);
        let stale = !matches!(&self.layout, Some((n, p, w, h, _)) if (*n, *p, *w, *h) == key);
        if stale {
            let measure = |text: &str, weight: Weight| self.measure(text, weight);
            let layout = Layout::fitted(generals, primary, self.width, self.height, &measure);
            self.layout = Some((generals, primary, self.width, self.height, layout));
            self.labels = None;
            self.redraw();
        }
    }

    /// The font of the words beside the generals, by weight.
    fn label_font(weight: Weight) -> &'static str {
        match weight {
            Weight::Caption => "12px system-ui, sans-serif",
            Weight::Check => "600 12px system-ui, sans-serif",
        }
    }

    /// A line's width in CSS pixels, in the font it is drawn in.
    fn measure(&self, text: &str, weight: Weight) -> f64 {
        self.ctx.set_font(Self::label_font(weight));
        self.ctx
            .measure_text(text)
            .map_or_else(|_| labels::estimate_width(text, weight), |m| m.width())
    }

    /// Places the session's words beside the generals, unless the same
    /// words were placed on this layout already.
    fn fit_labels(&mut self, session: &Session) {
        let Some((_, _, _, _, layout)) = &self.layout else {
            return;
        };
        let words = labels::words(session, layout);
        if matches!(&self.labels, Some((placed_for, _)) if *placed_for == words) {
            return;
        }
        let measure = |text: &str, weight: Weight| self.measure(text, weight);
        let placed = labels::place(layout, &words, self.width, self.height, &measure);
        self.labels = Some((words, placed));
        self.redraw();
    }

    /// The words beside the generals as last drawn: for tests and scripts.
    pub fn labels(&self) -> &[Label] {
        self.labels.as_ref().map_or(&[], |(_, placed)| placed)
    }

    /// Where a general was last drawn, and its disc's radius, in CSS pixels
    /// of the canvas.
    pub fn position_of(&self, session: &Session, id: GeneralId) -> Option<(f64, f64, f64)> {
        let (_, _, _, _, layout) = self.layout.as_ref()?;
        let index = session.roster().members().iter().position(|m| m.id == id)?;
        let p = layout.positions.get(index)?;
        Some((p.x, p.y, layout.radius_of(index)))
    }

    /// The general under a point given in CSS pixels of the canvas.
    pub fn hit(&self, session: &Session, x: f64, y: f64) -> Option<GeneralId> {
        let (_, _, _, _, layout) = self.layout.as_ref()?;
        let index = layout.hit(x, y)?;
        session.roster().members().get(index).map(|m| m.id)
    }

    /// Says, through the canvas's polite live region, which general the
    /// arrow keys are on.
    pub fn announce(&self, session: &Session, id: GeneralId) {
        if let (Some(region), Some(model)) = (&self.cursor_region, inspect(session, id)) {
            dom::set_text(
                region,
                &format!(
                    "{}, {}, {}. Enter opens the inspector.",
                    model.title, model.role, model.state
                ),
            );
        }
    }

    /// Draws `session` at the size the frame's `fit` read.
    pub fn draw(&mut self, session: &Session, state: &ViewState) {
        let roster = session.roster();
        let members = roster.members();
        let primary = members
            .iter()
            .position(|m| m.id == roster.primary())
            .unwrap_or(0);
        self.fit_layout(members.len(), primary);
        self.fit_labels(session);
        let scene = Scene::of(
            session,
            state.selected,
            state.cursor,
            &self.highlight,
            state.paused,
        );
        if self.scene_shown.as_ref() == Some(&scene) {
            return;
        }
        if self.ground_shown.as_ref() != Some(&scene.ground) {
            self.draw_ground(session, state);
            self.ground_shown = Some(scene.ground.clone());
        }
        // The ground, pixel for pixel: copied in the backing store's pixels.
        let ctx = &self.ctx;
        let _ = ctx.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0);
        let _ = ctx.draw_image_with_html_canvas_element(&self.ground, 0.0, 0.0);
        let ratio = self.ratio;
        let _ = ctx.set_transform(ratio, 0.0, 0.0, ratio, 0.0, 0.0);
        let layout = &self.layout.as_ref().expect("fitted above").4;

        // Generals first, messages above them: no disc ever hides a message.
        self.draw_highlight(layout);
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
        if session.is_ended() {
            self.banner("Session ended: start <N> begins again");
        } else if state.paused {
            let wide = self.width >= 460.0;
            self.banner(if wide {
                "\u{275a}\u{275a} Paused: Space resumes, . steps"
            } else {
                "\u{275a}\u{275a} Paused"
            });
        }
        self.scene_shown = Some(scene);
    }

    /// Draws the ground (background, wiring, generals and their marks and
    /// words) into its own canvas.
    fn draw_ground(&self, session: &Session, state: &ViewState) {
        let layout = &self.layout.as_ref().expect("fitted above").4;
        let ctx = &self.ground_ctx;
        let p = &self.palette;
        let members = session.roster().members();
        ctx.set_fill_style_str(&p.background);
        ctx.fill_rect(0.0, 0.0, self.width, self.height);

        // Every pair can talk: show the wiring while it stays legible.
        if members.len() <= 31 {
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
        self.draw_generals(session, layout, state);
    }

    /// Where a message is at progress `t`, and the control point of its
    /// path so far: a gentle curve to the right of its direction (by
    /// `layout.lane` at mid-flight), so two messages crossing in opposite
    /// directions pass side by side instead of on top of each other.
    fn path(layout: &Layout, f: &Flight) -> (Point, Point, Point) {
        let (a, b) = (layout.positions[f.from_index], layout.positions[f.to_index]);
        let (dx, dy) = (b.x - a.x, b.y - a.y);
        let length = dx.hypot(dy).max(1.0);
        // Twice the swerve at the control point gives the swerve at t = 1/2.
        let bend = 2.0 * layout.lane.min(length * 0.08);
        let control = Point {
            x: (a.x + b.x) / 2.0 - dy / length * bend,
            y: (a.y + b.y) / 2.0 + dx / length * bend,
        };
        let t = f.progress;
        let u = 1.0 - t;
        let head = Point {
            x: u * u * a.x + 2.0 * u * t * control.x + t * t * b.x,
            y: u * u * a.y + 2.0 * u * t * control.y + t * t * b.y,
        };
        // De Casteljau: the first part of the curve, up to t.
        let partial = Point {
            x: u * a.x + t * control.x,
            y: u * a.y + t * control.y,
        };
        (a, partial, head)
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
        let dense = flights.len() > DENSE_FLIGHTS;
        // One pass per (order, lie) style, so the whole set is a handful of
        // draw calls. Attack and retreat differ in more than hue: attack is
        // a filled mark on a solid trail, retreat a hollow one on a dashed
        // trail; a lie is a diamond instead of a dot.
        for order in [Order::Attack, Order::Retreat] {
            let hollow = order == Order::Retreat;
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
                    let (a, partial, head) = Self::path(layout, f);
                    ctx.move_to(a.x, a.y);
                    ctx.quadratic_curve_to(partial.x, partial.y, head.x, head.y);
                }
                ctx.set_global_alpha(if dense { 0.15 } else { 0.55 });
                ctx.set_stroke_style_str(colour);
                ctx.set_line_width(if dense { 0.6 } else { 2.0 });
                // A dense crowd's trails stay solid: the browser rasters a
                // dashed path as thousands of tiny segments (some 14 ms a
                // frame for a retreat's second round at n = 1000, headless
                // Chromium), and at 0.6 px and 15% alpha the dashes do not
                // read anyway; the hollow heads still tell retreat apart.
                if hollow && !dense {
                    let _ = ctx.set_line_dash(&dash(&[5.0, 4.0]));
                }
                ctx.stroke();
                let _ = ctx.set_line_dash(&dash(&[]));
                ctx.set_global_alpha(1.0);

                // Heads: round 1 larger than relays, so rounds read apart.
                let outline = match (dense, hollow) {
                    (true, _) => 0.8,
                    (false, true) => 2.5,
                    (false, false) => 1.5,
                };
                // A true attack's dot is filled and outlined in one colour:
                // that is one disc reaching half the outline further, filled
                // once (the browser rasters each pass over the whole path).
                let solid = !hollow && !altered;
                ctx.begin_path();
                for f in group() {
                    let (_, _, Point { x, y }) = Self::path(layout, f);
                    let r = match (dense, f.round) {
                        (true, _) => 1.8,
                        (false, 1) => 6.5,
                        (false, _) => 5.0,
                    };
                    let r = if solid { r + outline / 2.0 } else { r };
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
                ctx.set_fill_style_str(if hollow { &p.background } else { colour });
                ctx.fill();
                if !solid {
                    ctx.set_stroke_style_str(if altered { &p.lie } else { colour });
                    ctx.set_line_width(outline);
                    ctx.stroke();
                }
                if altered && hollow && !dense {
                    // The retreat colour inside the lie's outline.
                    ctx.set_stroke_style_str(colour);
                    ctx.set_line_width(1.2);
                    ctx.stroke();
                }
            }
        }
    }

    fn draw_generals(&self, session: &Session, layout: &Layout, state: &ViewState) {
        let ctx = &self.ground_ctx;
        let p = &self.palette;
        let roster = session.roster();
        let verdict = session.last_verdict().filter(|_| !session.is_busy());
        let labels = layout.shows_labels();
        let majority_of = |i: usize| verdict.and_then(|v| v.reports.get(i)).map(|r| r.majority);
        // After an order, a ring in the colour of each general's majority:
        // solid for attack, dashed for retreat, dotted for undefined (the
        // majority is also written beside the general).
        let ring_width = if labels { 3.0 } else { 1.5 };
        let majorities = [
            (Majority::Order(Order::Attack), &[][..]),
            (Majority::Order(Order::Retreat), &[5.0, 3.0][..]),
            (Majority::Undefined, &[1.5, 3.0][..]),
        ];
        // Generals whose majority's ring came with their disc, in one stamp.
        let mut dressed = vec![false; layout.positions.len()];
        // A faulty general is dark-filled with a dashed outline: told from a
        // loyal one, and from a retreat message, by lightness and outline,
        // not by hue alone.
        for (faulty, fill) in [(false, &p.node), (true, &p.faulty)] {
            let width = match (labels, faulty) {
                (true, true) => 2.5,
                (true, false) => 1.5,
                (false, _) => 0.8,
            };
            let pattern: &[f64] = if faulty { &[4.0, 3.0] } else { &[] };
            let group = roster
                .members()
                .iter()
                .enumerate()
                .filter(|(_, m)| m.loyalty.is_faulty() == faulty)
                .map(|(i, _)| i);
            let (stamped, in_place) = Self::stampable(layout, group);
            if !stamped.is_empty() {
                // A large army's disc and ring are one stamp, one copy a
                // general: the frame an order is decided in copies a
                // thousand, not two thousand (its longest frame). Before
                // the verdict the dressed stamps are made ready.
                let disc = Disc {
                    fill,
                    stroke: &p.node_stroke,
                    width,
                    pattern,
                };
                let at = |with: Option<Majority>| -> Vec<Point> {
                    stamped
                        .iter()
                        .filter(|&&i| majority_of(i) == with)
                        .map(|&i| layout.positions[i])
                        .collect()
                };
                self.stamp_disc(layout, &disc, None, &at(None));
                for &(majority, ring_pattern) in &majorities {
                    let ring = (p.majority(majority), ring_width, ring_pattern);
                    self.stamp_disc(layout, &disc, Some(ring), &at(Some(majority)));
                }
                for &i in &stamped {
                    dressed[i] = majority_of(i).is_some();
                }
            }
            ctx.begin_path();
            for i in in_place {
                let (c, r) = (layout.positions[i], layout.radius_of(i));
                ctx.move_to(c.x + r, c.y);
                let _ = ctx.arc(c.x, c.y, r, 0.0, std::f64::consts::TAU);
            }
            fill_and_outline(ctx, fill, &p.node_stroke, width, pattern);
            let _ = ctx.set_line_dash(&dash(&[]));
        }

        // The primary wears a gold ring.
        let at = layout.primary;
        self.rings(layout, [at], |_| 4.0, &p.primary, 3.0, &[]);

        // The majorities' rings not stamped with their discs, one path per
        // colour. The primary's sits outside its gold ring.
        if let Some(verdict) = verdict {
            for (majority, pattern) in majorities {
                let gap = |i| if i == at { 8.5 } else { RING_GAP };
                let holders = verdict
                    .reports
                    .iter()
                    .enumerate()
                    .filter(|&(i, r)| {
                        r.majority == majority && !dressed.get(i).copied().unwrap_or(false)
                    })
                    .map(|(i, _)| i);
                self.rings(
                    layout,
                    holders,
                    gap,
                    p.majority(majority),
                    ring_width,
                    pattern,
                );
            }
        }

        let index_of = |id: Option<GeneralId>| {
            id.and_then(|id| roster.members().iter().position(|m| m.id == id))
        };
        if let Some(index) = index_of(state.selected) {
            self.rings(layout, [index], |_| 12.0, &p.selected, 2.5, &[]);
        }
        if let Some(index) = index_of(state.cursor) {
            // The keyboard's cursor: the page's focus colour, dashed.
            self.rings(layout, [index], |_| 16.0, &p.focus, 2.5, &[4.0, 3.0]);
        }
        let marks = check_marks(session);
        super::check_marks::draw(ctx, layout, session, &marks, &p.breaks);

        ctx.set_text_baseline("middle");
        for (i, m) in roster.members().iter().enumerate() {
            let (c, r) = (layout.positions[i], layout.radius_of(i));
            if labels {
                let size = crate::ui::bounded(r * 0.62, 9.0, 15.0);
                ctx.set_text_align("center");
                // In tenths of a pixel, formatted as integers: the page
                // then carries no float formatting code (its download).
                let tenths = (size * 10.0).round() as u32;
                ctx.set_font(&format!(
                    "600 {}.{}px system-ui, sans-serif",
                    tenths / 10,
                    tenths % 10
                ));
                ctx.set_fill_style_str(if m.loyalty.is_faulty() {
                    &p.on_faulty
                } else {
                    &p.text
                });
                let _ = ctx.fill_text(&m.id.to_string(), c.x, c.y);
            }
        }
        self.draw_labels();
    }

    /// The words beside the generals, where `ui::labels` placed them: the
    /// caption muted, the check's words bold in the text colour (they must
    /// stand out from the caption).
    fn draw_labels(&self) {
        let ctx = &self.ground_ctx;
        ctx.set_text_baseline("middle");
        for label in self.labels() {
            ctx.set_text_align(label.align.as_str());
            for line in &label.lines {
                ctx.set_font(Self::label_font(line.weight));
                ctx.set_fill_style_str(match line.weight {
                    Weight::Caption => &self.palette.muted,
                    Weight::Check => &self.palette.text,
                });
                let _ = ctx.fill_text(&line.text, line.x, line.y);
            }
        }
    }

    /// Copies a general's disc (with its majority's ring `ring`: colour,
    /// width, dash pattern, `RING_GAP` outside it) to each point of `at`, as a
    /// stamp; with `at` empty, only makes the stamp ready.
    fn stamp_disc(
        &self,
        layout: &Layout,
        disc: &Disc,
        ring: Option<(&str, f64, &[f64])>,
        at: &[Point],
    ) {
        let r = layout.radius;
        let draw = |ctx: &web_sys::CanvasRenderingContext2d| {
            ctx.begin_path();
            ctx.move_to(r, 0.0);
            let _ = ctx.arc(0.0, 0.0, r, 0.0, std::f64::consts::TAU);
            fill_and_outline(ctx, disc.fill, disc.stroke, disc.width, disc.pattern);
            if let Some((colour, width, pattern)) = ring {
                Self::ring(colour, width, pattern, r + RING_GAP)(ctx);
            }
        };
        let mut measures = vec![r, disc.width];
        measures.extend_from_slice(disc.pattern);
        let mut colours = format!("{} {}", disc.fill, disc.stroke);
        let mut reach = r + disc.width;
        if let Some((colour, width, pattern)) = ring {
            // A NaN parts the disc's dash pattern from the ring's measures.
            measures.extend([f64::NAN, width]);
            measures.extend_from_slice(pattern);
            colours = format!("{colours} {colour}");
            reach = r + RING_GAP + width;
        }
        let kind = (
            if ring.is_some() {
                "dressed disc"
            } else {
                "disc"
            },
            &measures[..],
            colours.as_str(),
        );
        let _ =
            self.stamps
                .borrow_mut()
                .stamp(&self.ground_ctx, self.ratio, kind, reach, &draw, at);
    }

    /// A ring of radius `r` about the origin, as a stamp draws it.
    fn ring<'a>(
        colour: &'a str,
        width: f64,
        pattern: &'a [f64],
        r: f64,
    ) -> impl Fn(&web_sys::CanvasRenderingContext2d) + 'a {
        move |ctx| {
            ctx.set_stroke_style_str(colour);
            ctx.set_line_width(width);
            let _ = ctx.set_line_dash(&dash(pattern));
            ctx.begin_path();
            ctx.move_to(r, 0.0);
            let _ = ctx.arc(0.0, 0.0, r, 0.0, std::f64::consts::TAU);
            ctx.stroke();
        }
    }

    /// Splits generals (roster positions) into those drawn as stamps, all
    /// of one radius (every general but the primary, when at least
    /// `STAMPED_FROM`), and those drawn in place.
    fn stampable(
        layout: &Layout,
        indices: impl IntoIterator<Item = usize>,
    ) -> (Vec<usize>, Vec<usize>) {
        let (others, primary): (Vec<usize>, Vec<usize>) = indices
            .into_iter()
            .filter(|&i| i < layout.positions.len())
            .partition(|&i| i != layout.primary);
        if others.len() >= STAMPED_FROM {
            (others, primary)
        } else {
            (Vec::new(), others.into_iter().chain(primary).collect())
        }
    }

    /// Strokes a ring `gap(i)` pixels outside each listed general's circle,
    /// one path a ring: the browser rasters a path over its whole extent, and
    /// a thousand overlapping rings in one path took it twice as long
    /// (measured in headless Chromium: 12.5 ms against 6.4 ms).
    fn rings(
        &self,
        layout: &Layout,
        indices: impl IntoIterator<Item = usize>,
        gap: impl Fn(usize) -> f64,
        colour: &str,
        width: f64,
        pattern: &[f64],
    ) {
        let ctx = &self.ground_ctx;
        let (stamped, in_place) = Self::stampable(layout, indices);
        if !stamped.is_empty() {
            let r = layout.radius + gap(stamped[0]);
            let ring = Self::ring(colour, width, pattern, r);
            let at: Vec<Point> = stamped.iter().map(|&i| layout.positions[i]).collect();
            let measures = [&[r, width][..], pattern].concat();
            let kind = ("ring", &measures[..], colour);
            let _ = self
                .stamps
                .borrow_mut()
                .stamp(ctx, self.ratio, kind, r + width, &ring, &at);
        }
        ctx.set_stroke_style_str(colour);
        ctx.set_line_width(width);
        let _ = ctx.set_line_dash(&dash(pattern));
        for i in in_place {
            let (c, r) = (layout.positions[i], layout.radius_of(i));
            let r = r + gap(i);
            ctx.begin_path();
            ctx.move_to(c.x + r, c.y);
            let _ = ctx.arc(c.x, c.y, r, 0.0, std::f64::consts::TAU);
            ctx.stroke();
        }
        let _ = ctx.set_line_dash(&dash(&[]));
    }

    /// A notice across the top of the canvas (paused, session ended), on a
    /// plate so it reads over anything drawn beneath.
    fn banner(&self, text: &str) {
        let ctx = &self.ctx;
        ctx.set_font("600 14px system-ui, sans-serif");
        ctx.set_text_align("center");
        ctx.set_text_baseline("middle");
        let width = ctx.measure_text(text).map_or(200.0, |m| m.width()) + 28.0;
        // In the top left corner, which the circle of generals leaves free.
        let (x, y) = (8.0 + width / 2.0, 23.0);
        ctx.begin_path();
        // A pill: two half circles joined by straight sides.
        let (left, right) = (x - width / 2.0 + 15.0, x + width / 2.0 - 15.0);
        let half = std::f64::consts::FRAC_PI_2;
        let _ = ctx.arc(left, y, 15.0, half, 3.0 * half);
        let _ = ctx.arc(right, y, 15.0, -half, half);
        ctx.close_path();
        ctx.set_fill_style_str(&self.palette.text);
        ctx.fill();
        ctx.set_fill_style_str(&self.palette.background);
        let _ = ctx.fill_text(text, x, y + 1.0);
        // A frame round the whole picture: paused is visible at a glance.
        ctx.set_stroke_style_str(&self.palette.text);
        ctx.set_line_width(3.0);
        let _ = ctx.set_line_dash(&dash(&[10.0, 6.0]));
        ctx.stroke_rect(1.5, 1.5, self.width - 3.0, self.height - 3.0);
        let _ = ctx.set_line_dash(&dash(&[]));
    }

    fn caption(&self, text: &str) {
        // Top right: the bottom holds the paused notice.
        self.ctx.set_font("12px system-ui, sans-serif");
        self.ctx.set_text_align("right");
        self.ctx.set_text_baseline("alphabetic");
        self.ctx.set_fill_style_str(&self.palette.muted);
        let _ = self.ctx.fill_text(text, self.width - 12.0, 18.0);
    }
}
