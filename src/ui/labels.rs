//! The words written beside each general on the canvas (its id when the disc
//! is too small for it, "primary", the strategy of a faulty one, the
//! majority, and the check's "breaks IC1 (decided attack)"), and where they
//! go. The words are wrapped to a width the canvas can spare, then each
//! general's block is placed outside its disc: straight away from the
//! circle's centre if it fits there, else turned step by step towards the
//! vertical (below a general on the lower half, above one on the upper
//! half), the first place that stays inside the canvas and covers no
//! general, no check square and no other general's words. Words that fit
//! nowhere are left out (large armies): they never cross the canvas's edge
//! nor cover a general. The page measures the text (`Measure`); natively
//! `estimate_width` stands in for it.

use super::layout::{Layout, Point};
use super::traitors::{check_marks, strategy_tag, Breaks, SCRIPTED};
use crate::engine::{Majority, Session};

/// The words' font size and line height, in CSS pixels.
pub const FONT_PX: f64 = 12.0;
pub const LINE_HEIGHT: f64 = 14.0;

/// How far the check's square stands outside the general's circle: beyond
/// the majority, selection and keyboard-cursor rings (never more than twice
/// the disc's radius, so small discs keep small squares).
pub const MARK_GAP: f64 = 19.0;

/// Free room between words and anything else, and at the canvas's edges.
const PAD: f64 = 3.0;
const EDGE: f64 = 2.0;

/// Turning the words from straight outwards towards the vertical, in steps
/// of 15 degrees: up to a right angle (`TURNS` steps) they stay outside the
/// circle; further, up to straight inwards, they sit on the messages'
/// lines, which beats leaving them out while the army is small enough
/// (`INWARD_LIMIT`) that words inside the circle still read as their
/// general's.
const TURN_STEP: f64 = std::f64::consts::PI / 12.0;
const TURNS: usize = 6;
const INWARD_LIMIT: usize = 16;

/// The two kinds of line: the muted caption, and the check's words (bold,
/// in the text colour, so they stand out).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Weight {
    Caption,
    Check,
}

/// The page's measure of a line's width in CSS pixels, in the font of its
/// weight.
pub type Measure<'a> = &'a dyn Fn(&str, Weight) -> f64;

/// A stand-in for the browser's measure, a little wider than DejaVu Sans
/// (the widest common system-ui font) on these words: it advances digits
/// and capitals by about 0.64 em, spaces and the middle dot by 0.32 em,
/// lower-case letters by 0.45 to 0.6 em; its semi-bold by a tenth more.
pub fn estimate_width(text: &str, weight: Weight) -> f64 {
    let em: f64 = text
        .chars()
        .map(|c| match c {
            '+' => 0.84,
            '0'..='9' | 'A'..='Z' => 0.66,
            ' ' | '\u{b7}' | ':' => 0.34,
            '(' | ')' => 0.4,
            _ => 0.58,
        })
        .sum();
    let bold = match weight {
        Weight::Caption => 1.0,
        Weight::Check => 1.1,
    };
    em * bold * FONT_PX
}

/// What one general has to say: caption parts (joined by " · ") and the
/// check's words (a general with check words wears the check's square).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Words {
    pub caption: Vec<String>,
    pub check: Vec<String>,
}

impl Words {
    pub fn is_empty(&self) -> bool {
        self.caption.is_empty() && self.check.is_empty()
    }

    pub fn marked(&self) -> bool {
        !self.check.is_empty()
    }
}

/// A box in CSS pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    pub left: f64,
    pub top: f64,
    pub right: f64,
    pub bottom: f64,
}

impl Rect {
    fn around(centre: Point, half_width: f64, half_height: f64) -> Rect {
        Rect {
            left: centre.x - half_width,
            top: centre.y - half_height,
            right: centre.x + half_width,
            bottom: centre.y + half_height,
        }
    }

    pub fn grown(self, by: f64) -> Rect {
        Rect {
            left: self.left - by,
            top: self.top - by,
            right: self.right + by,
            bottom: self.bottom + by,
        }
    }

    /// Whether the two boxes share any area (touching edges do not).
    pub fn overlaps(&self, other: &Rect) -> bool {
        self.left < other.right
            && other.left < self.right
            && self.top < other.bottom
            && other.top < self.bottom
    }

    pub fn within(&self, width: f64, height: f64) -> bool {
        self.left >= 0.0 && self.top >= 0.0 && self.right <= width && self.bottom <= height
    }
}

/// How the lines of a block line up: against the general on either side,
/// centred above or below it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
    Right,
}

impl Align {
    /// The canvas's `textAlign` value.
    pub fn as_str(self) -> &'static str {
        match self {
            Align::Left => "left",
            Align::Center => "center",
            Align::Right => "right",
        }
    }
}

/// One line as drawn: `x` is where `align` puts it, `y` its middle.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    pub text: String,
    pub weight: Weight,
    pub x: f64,
    pub y: f64,
    pub width: f64,
}

/// One general's words, placed.
#[derive(Clone, Debug, PartialEq)]
pub struct Label {
    pub general: usize,
    pub align: Align,
    pub bounds: Rect,
    pub lines: Vec<Line>,
}

/// Half the side of the check's square round general `index`.
pub fn mark_half(layout: &Layout, index: usize) -> f64 {
    let r = layout.radius_of(index);
    r + MARK_GAP.min(r.max(4.0) * 2.0)
}

/// The box words keep out of round general `index`: its check square when
/// it wears one, else its disc with the majority ring (and the primary's
/// gold ring) round it.
pub fn footprint(layout: &Layout, index: usize, marked: bool) -> Rect {
    let half = if marked {
        mark_half(layout, index) + 1.5
    } else if index == layout.primary {
        layout.radius_of(index) + 10.0
    } else {
        layout.radius_of(index) + 5.0
    };
    Rect::around(layout.positions[index], half, half)
}

/// The widest a line of words may be on a canvas `width` wide: a phone
/// cannot spare a third of its width beside a general.
pub fn wrap_width(width: f64) -> f64 {
    super::bounded(width * 0.3, 80.0, 200.0)
}

/// The parts joined by `separator`, wrapped into lines no wider than `max`:
/// lines break between parts; a part wider than `max` alone breaks between
/// its words (a single word wider than `max` stays whole).
pub fn wrap(
    parts: &[String],
    separator: &str,
    max: f64,
    weight: Weight,
    measure: Measure,
) -> Vec<String> {
    // Each piece with the text that joins it to the piece before.
    let mut pieces: Vec<(&str, &str)> = Vec::new();
    for (k, part) in parts.iter().enumerate() {
        let joint = if k == 0 { "" } else { separator };
        if measure(part, weight) <= max {
            pieces.push((joint, part));
        } else {
            for (w, word) in part.split(' ').enumerate() {
                pieces.push((if w == 0 { joint } else { " " }, word));
            }
        }
    }
    let mut lines: Vec<String> = Vec::new();
    for (joint, piece) in pieces {
        match lines.last_mut() {
            Some(line) if !line.is_empty() => {
                let longer = format!("{line}{joint}{piece}");
                if measure(&longer, weight) <= max {
                    *line = longer;
                } else {
                    lines.push(piece.to_string());
                }
            }
            _ => lines.push(piece.to_string()),
        }
    }
    lines
}

/// What every general of the session's roster has to say now, in roster
/// order, on `layout`: where the discs are too small for the ids, the ids
/// lead the captions; on the spiral with such small discs only the primary
/// says anything (its neighbours stand too close for words).
pub fn words(session: &Session, layout: &Layout) -> Vec<Words> {
    let ids_outside = !layout.shows_labels();
    let quiet = !layout.ring && ids_outside;
    let roster = session.roster();
    let verdict = session.last_verdict().filter(|_| !session.is_busy());
    let marks = check_marks(session);
    let primary = roster.primary();
    roster
        .members()
        .iter()
        .enumerate()
        .map(|(i, m)| {
            if quiet && m.id != primary {
                return Words::default();
            }
            let mut caption = Vec::new();
            if ids_outside {
                caption.push(m.id.to_string());
            }
            if m.id == primary {
                caption.push("primary".to_string());
            }
            caption.extend(strategy_tag(session, m.id));
            let shown = verdict.and_then(|v| v.reports.get(i)).map(|r| r.majority);
            caption.extend(shown.map(|m| m.to_string()));
            let check = marks
                .iter()
                .find(|(id, _)| *id == m.id)
                .map(|(_, breaks)| breaks.label_parts(shown))
                .unwrap_or_default();
            Words { caption, check }
        })
        .collect()
}

/// The longest words the page can write beside each general, in the
/// mixes of an army the ring must leave room for (`Layout::fitted`):
///
/// - one traitor or none: the verdict shows what each general decided, so
///   the check's words are at most `breaks IC1+IC2`, on every loyal
///   lieutenant, the traitor's caption `faulty: scripted (search) ·
///   undefined`;
/// - a third of the army faulty or more, where the verdict prints
///   `undefined` for everyone and the check's words add the decision
///   (`breaks IC1+IC2 (decided retreat)`): every second, or every third,
///   general faulty, the others marked, at each offset;
/// - every lieutenant faulty.
///
/// The primary is never marked: `primary · faulty: scripted (search) ·
/// undefined`. With `ids_outside` (discs too small for their ids) every
/// caption starts with a four-digit id.
pub fn longest_words(generals: usize, primary: usize, ids_outside: bool) -> Vec<Vec<Words>> {
    let caption = |parts: &[&str]| -> Vec<String> {
        let id = ids_outside.then(|| "G1000".to_string());
        id.into_iter()
            .chain(parts.iter().map(|p| p.to_string()))
            .collect()
    };
    let tag = format!("faulty: {SCRIPTED}");
    let undefined = Majority::Undefined.to_string();
    let breaks = Breaks {
        ic1: true,
        ic2: true,
        decided: Majority::Order(crate::engine::Order::Retreat),
    };
    let lead = Words {
        caption: caption(&["primary", &tag, &undefined]),
        check: Vec::new(),
    };
    let traitor = Words {
        caption: caption(&[&tag, &undefined]),
        check: Vec::new(),
    };
    let marked = |decided: bool| Words {
        caption: caption(&[&undefined]),
        check: breaks.label_parts((!decided).then_some(breaks.decided)),
    };
    // Whether lieutenant `i` is faulty in each mix, and whether the marked
    // ones show the decision.
    let mixes: [(&dyn Fn(usize) -> bool, bool); 7] = [
        (&|_| false, false),
        (&|i| i == (primary + generals / 2) % generals.max(1), false),
        (&|_| true, false),
        (&|i| i % 2 == 0, true),
        (&|i| i % 2 == 1, true),
        (&|i| i % 3 == 0, true),
        (&|i| i % 3 == 1, true),
    ];
    mixes
        .iter()
        .map(|(faulty, decided)| {
            (0..generals)
                .map(|i| match (i == primary, faulty(i)) {
                    (true, _) => lead.clone(),
                    (false, true) => traitor.clone(),
                    (false, false) => marked(*decided),
                })
                .collect()
        })
        .collect()
}

/// The lines of one general's words, wrapped.
fn lines_of(words: &Words, max: f64, measure: Measure) -> (Vec<String>, Vec<String>) {
    (
        wrap(&words.caption, " \u{b7} ", max, Weight::Caption, measure),
        wrap(&words.check, " ", max, Weight::Check, measure),
    )
}

/// Places every general's words (`words` in roster order) on a canvas
/// `width` x `height`: each label inside the canvas, clear of every
/// general's footprint and of the labels placed before it (those with the
/// least room choose first). Returns the labels placed; a general whose
/// words fit nowhere has none.
pub fn place(
    layout: &Layout,
    words: &[Words],
    width: f64,
    height: f64,
    measure: Measure,
) -> Vec<Label> {
    let count = words.len().min(layout.positions.len());
    let keep_out: Vec<Rect> = (0..count)
        .map(|i| footprint(layout, i, words[i].marked()).grown(PAD - 0.5))
        .collect();
    let canvas = Rect {
        left: EDGE,
        top: EDGE,
        right: width - EDGE,
        bottom: height - EDGE,
    };
    let max = wrap_width(width);
    // The generals with the least room between them and the canvas's edge,
    // straight outwards, choose first: they have the fewest places to go.
    let room = |i: usize| {
        let p = layout.positions[i];
        let (dx, dy) = (p.x - layout.centre.x, p.y - layout.centre.y);
        let to_edge = |d: f64, at: f64, end: f64| match d {
            d if d > 1e-9 => (end - at) / d,
            d if d < -1e-9 => at / -d,
            _ => f64::MAX,
        };
        to_edge(dx, p.x, width).min(to_edge(dy, p.y, height)) * dx.hypot(dy)
    };
    // By hand, not with `sort`: std's sort adds kilobytes to the page, and
    // there are at most `RING_LIMIT` generals to order.
    let rooms: Vec<f64> = (0..count).map(room).collect();
    let mut order: Vec<usize> = Vec::with_capacity(count);
    for i in 0..count {
        let at = order
            .iter()
            .position(|&j| rooms[i] < rooms[j])
            .unwrap_or(order.len());
        order.insert(at, i);
    }
    let mut placed: Vec<Label> = Vec::new();
    for i in order {
        if words[i].is_empty() {
            continue;
        }
        let (caption, check) = lines_of(&words[i], max, measure);
        let widths: Vec<f64> = caption
            .iter()
            .map(|t| measure(t, Weight::Caption))
            .chain(check.iter().map(|t| measure(t, Weight::Check)))
            .collect();
        let block_width = widths.iter().fold(0.0_f64, |a, &b| a.max(b));
        let block_height = widths.len() as f64 * LINE_HEIGHT;
        let spot = candidates(layout, i).find_map(|direction| {
            let bounds = beside(
                layout,
                i,
                words[i].marked(),
                direction,
                block_width,
                block_height,
            );
            let free = bounds.left >= canvas.left
                && bounds.top >= canvas.top
                && bounds.right <= canvas.right
                && bounds.bottom <= canvas.bottom
                && !keep_out.iter().any(|k| k.overlaps(&bounds))
                && !placed.iter().any(|l| l.bounds.grown(PAD).overlaps(&bounds));
            free.then_some((direction, bounds))
        });
        if let Some((direction, bounds)) = spot {
            placed.push(arrange(
                layout, i, direction, bounds, caption, check, &widths,
            ));
        }
    }
    // In roster order.
    (0..count)
        .filter_map(|i| {
            let at = placed.iter().position(|l| l.general == i)?;
            Some(placed.swap_remove(at))
        })
        .collect()
}

/// The directions to try for general `index`'s words, best first: straight
/// away from the circle's centre, then turned a step towards the vertical
/// (down on the lower half, up on the upper half), then a step the other
/// way, and so on. A general at the centre starts below.
fn candidates(layout: &Layout, index: usize) -> impl Iterator<Item = Point> {
    let p = layout.positions[index];
    let (dx, dy) = (p.x - layout.centre.x, p.y - layout.centre.y);
    let length = dx.hypot(dy);
    let central = length < 1.0;
    // Straight out, as a unit vector (down from the centre itself).
    let (ux, uy) = if central {
        (0.0, 1.0)
    } else {
        (dx / length, dy / length)
    };
    // A turn by +a moves a direction clockwise on the screen (y grows
    // downwards): towards down when it points right.
    let towards_down = if ux >= 0.0 { 1.0 } else { -1.0 };
    let first = if dy >= -1.0 {
        towards_down
    } else {
        -towards_down
    };
    let turns = if central || layout.positions.len() <= INWARD_LIMIT {
        2 * TURNS
    } else {
        TURNS
    };
    // Turned by rotating the outward vector (no atan2 in the page).
    (0..=turns).flat_map(move |k| {
        let turn = k as f64 * TURN_STEP;
        let (sin, cos) = super::trig::sin_cos(turn);
        let sides = if k == 0 || k == 2 * TURNS { 1 } else { 2 };
        [first, -first]
            .into_iter()
            .take(sides)
            .map(move |sign| Point {
                x: ux * cos - uy * sin * sign,
                y: ux * sin * sign + uy * cos,
            })
    })
}

/// The box of a block `block_width` x `block_height` set against general
/// `index`'s footprint in `direction` (a unit vector): its centre goes out
/// along the direction until the block clears the footprint by `PAD` on
/// one axis.
fn beside(
    layout: &Layout,
    index: usize,
    marked: bool,
    direction: Point,
    block_width: f64,
    block_height: f64,
) -> Rect {
    let p = layout.positions[index];
    let half = (footprint(layout, index, marked).right - p.x) + PAD;
    let across = |d: f64, block_half: f64| {
        if d.abs() < 1e-9 {
            f64::MAX
        } else {
            (half + block_half) / d.abs()
        }
    };
    let out = across(direction.x, block_width / 2.0).min(across(direction.y, block_height / 2.0));
    let centre = Point {
        x: p.x + direction.x * out,
        y: p.y + direction.y * out,
    };
    Rect::around(centre, block_width / 2.0, block_height / 2.0)
}

/// The lines laid out in their box: aligned towards the general on either
/// side, centred above or below it; the check's words outermost (on top
/// above the general, under the caption elsewhere).
fn arrange(
    layout: &Layout,
    index: usize,
    direction: Point,
    bounds: Rect,
    caption: Vec<String>,
    check: Vec<String>,
    widths: &[f64],
) -> Label {
    let align = if direction.x > 0.35 {
        Align::Left
    } else if direction.x < -0.35 {
        Align::Right
    } else {
        Align::Center
    };
    let x = match align {
        Align::Left => bounds.left,
        Align::Center => (bounds.left + bounds.right) / 2.0,
        Align::Right => bounds.right,
    };
    let caption_count = caption.len();
    let mut lines: Vec<(String, Weight, f64)> = caption
        .into_iter()
        .map(|t| (t, Weight::Caption))
        .chain(check.into_iter().map(|t| (t, Weight::Check)))
        .zip(widths.iter().copied())
        .map(|((t, w), width)| (t, w, width))
        .collect();
    let above = (bounds.top + bounds.bottom) / 2.0 < layout.positions[index].y - 1.0;
    if above {
        lines.rotate_left(caption_count);
    }
    let lines = lines
        .into_iter()
        .enumerate()
        .map(|(k, (text, weight, width))| Line {
            text,
            weight,
            x,
            y: bounds.top + LINE_HEIGHT * (k as f64 + 0.5),
            width,
        })
        .collect();
    Label {
        general: index,
        align,
        bounds,
        lines,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn estimate(text: &str, weight: Weight) -> f64 {
        estimate_width(text, weight)
    }

    fn strings(parts: &[&str]) -> Vec<String> {
        parts.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn wrapping_breaks_between_parts_then_between_words() {
        let parts = strings(&["primary", "faulty: two-faced", "attack"]);
        let wide = wrap(&parts, " \u{b7} ", 400.0, Weight::Caption, &estimate);
        assert_eq!(wide, ["primary \u{b7} faulty: two-faced \u{b7} attack"]);
        let narrow = wrap(&parts, " \u{b7} ", 120.0, Weight::Caption, &estimate);
        assert_eq!(narrow, ["primary", "faulty: two-faced", "attack"]);
        let parts = strings(&["faulty: scripted (search)", "undefined"]);
        let lines = wrap(&parts, " \u{b7} ", 130.0, Weight::Caption, &estimate);
        assert_eq!(lines, ["faulty: scripted", "(search) \u{b7} undefined"]);
        for line in &lines {
            assert!(estimate(line, Weight::Caption) <= 130.0, "{line}");
        }
        let check = strings(&["breaks IC1+IC2", "(decided undefined)"]);
        assert_eq!(
            wrap(&check, " ", 117.0, Weight::Check, &estimate),
            ["breaks IC1+IC2", "(decided", "undefined)"]
        );
        assert_eq!(
            wrap(&check, " ", 160.0, Weight::Check, &estimate),
            ["breaks IC1+IC2", "(decided undefined)"]
        );
        assert!(wrap(&[], " ", 100.0, Weight::Check, &estimate).is_empty());
    }

    /// Whether the disc of radius `r` round `c` reaches into `rect`.
    fn disc_meets(c: Point, r: f64, rect: &Rect) -> bool {
        let x = super::super::bounded(c.x, rect.left, rect.right);
        let y = super::super::bounded(c.y, rect.top, rect.bottom);
        (c.x - x).hypot(c.y - y) < r
    }

    /// Every placed label (and each of its lines) inside the canvas, clear
    /// of every general's disc and rings, of every check square and of every
    /// other label; returns how many generals that had words got none.
    fn check(layout: &Layout, words: &[Words], w: f64, h: f64, what: &str) -> usize {
        let labels = place(layout, words, w, h, &estimate);
        for (k, label) in labels.iter().enumerate() {
            let b = label.bounds;
            assert!(
                b.within(w, h),
                "{what}: G{} outside: {b:?}",
                label.general + 1
            );
            for line in &label.lines {
                let left = match label.align {
                    Align::Left => line.x,
                    Align::Center => line.x - line.width / 2.0,
                    Align::Right => line.x - line.width,
                };
                let drawn = Rect {
                    left,
                    top: line.y - LINE_HEIGHT / 2.0,
                    right: left + line.width,
                    bottom: line.y + LINE_HEIGHT / 2.0,
                };
                assert!(
                    drawn.within(w, h),
                    "{what}: {:?} leaves the canvas",
                    line.text
                );
                assert!(
                    drawn.left >= b.left - 1e-9 && drawn.right <= b.right + 1e-9,
                    "{what}: {:?} leaves its box",
                    line.text
                );
                assert_eq!(line.width, estimate(&line.text, line.weight));
            }
            for (i, &p) in layout.positions.iter().enumerate() {
                assert!(
                    !disc_meets(p, layout.radius_of(i) + 5.0, &b),
                    "{what}: G{}'s words cover G{}",
                    label.general + 1,
                    i + 1
                );
                if words[i].marked() {
                    assert!(
                        !footprint(layout, i, true).overlaps(&b),
                        "{what}: G{}'s words cover G{}'s square",
                        label.general + 1,
                        i + 1
                    );
                }
            }
            for other in &labels[k + 1..] {
                assert!(
                    !other.bounds.overlaps(&b),
                    "{what}: G{} and G{} write over each other",
                    label.general + 1,
                    other.general + 1
                );
            }
        }
        words.iter().filter(|w| !w.is_empty()).count() - labels.len()
    }

    /// Every mix of words keeps all its words: `check` finds nothing left
    /// out (and asserts the placement is clean), `what` naming the case.
    fn all_keep_their_words(layout: &Layout, mixes: &[Vec<Words>], w: f64, h: f64, what: &str) {
        for (m, words) in mixes.iter().enumerate() {
            let what = format!("{what} mix {m}");
            assert_eq!(
                check(layout, words, w, h, &what),
                0,
                "{what}: words left out"
            );
        }
    }

    /// The words of the page's usual pictures: the check's `breaks IC1`
    /// beside every loyal lieutenant, or the traitors' strategies.
    fn usual_words(generals: usize, primary: usize, layout: &Layout) -> Vec<Vec<Words>> {
        let id = |i: usize| (!layout.shows_labels()).then(|| format!("G{}", i + 1));
        let marked = (0..generals)
            .map(|i| {
                let mut caption: Vec<String> = id(i).into_iter().collect();
                if i == primary {
                    caption.extend(strings(&["primary", "faulty: two-faced", "attack"]));
                    return Words {
                        caption,
                        check: Vec::new(),
                    };
                }
                caption.push(if i % 2 == 0 { "attack" } else { "retreat" }.to_string());
                Words {
                    caption,
                    check: strings(&["breaks IC1"]),
                }
            })
            .collect();
        let traitors = (0..generals)
            .map(|i| {
                let mut caption: Vec<String> = id(i).into_iter().collect();
                if i == primary {
                    caption.push("primary".to_string());
                }
                if i % 3 == 1 {
                    caption.push("faulty: liar".to_string());
                }
                caption.push("undefined".to_string());
                Words {
                    caption,
                    check: Vec::new(),
                }
            })
            .collect();
        vec![marked, traitors]
    }

    /// The canvas at 1280x800, 768x1024 and on a larger screen.
    const DESKTOPS: [(f64, f64); 3] = [(896.0, 557.0), (768.0, 573.0), (1200.0, 760.0)];
    /// The canvas on a 390x844 phone, and with its on-screen keyboard up.
    const PHONE: (f64, f64) = (390.0, 472.0);
    const PHONE_TYPING: (f64, f64) = (390.0, 330.0);

    #[test]
    fn words_never_leave_the_canvas_nor_cover_a_general_or_other_words() {
        let sizes = DESKTOPS
            .into_iter()
            .chain([PHONE, PHONE_TYPING, (320.0, 240.0)]);
        for (w, h) in sizes {
            for n in (1..=16).chain([24, 41, 42, 100]) {
                for primary in [0, n / 2, n - 1] {
                    let layout = Layout::fitted(n, primary, w, h, &estimate);
                    let mut mixes = longest_words(n, primary, !layout.shows_labels());
                    mixes.extend(usual_words(n, primary, &layout));
                    for (m, words) in mixes.iter().enumerate() {
                        check(
                            &layout,
                            words,
                            w,
                            h,
                            &format!("{w}x{h} n={n} p={primary} mix {m}"),
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn on_desktop_canvases_every_general_keeps_even_the_longest_words() {
        for (w, h) in DESKTOPS {
            for n in 3..=12 {
                for primary in 0..n {
                    let layout = Layout::fitted(n, primary, w, h, &estimate);
                    assert_eq!(
                        layout,
                        Layout::new(n, primary, w, h),
                        "the ring keeps its size"
                    );
                    let mut mixes = longest_words(n, primary, !layout.shows_labels());
                    mixes.extend(usual_words(n, primary, &layout));
                    all_keep_their_words(
                        &layout,
                        &mixes,
                        w,
                        h,
                        &format!("{w}x{h} n={n} p={primary}"),
                    );
                }
            }
        }
    }

    #[test]
    fn on_a_phone_every_general_keeps_its_words() {
        let (w, h) = PHONE;
        for n in 3..=12 {
            for primary in [0, n / 2] {
                let layout = Layout::fitted(n, primary, w, h, &estimate);
                let usual = usual_words(n, primary, &layout);
                all_keep_their_words(
                    &layout,
                    &usual,
                    w,
                    h,
                    &format!("phone n={n} p={primary} usual"),
                );
                if n <= 6 {
                    let longest = longest_words(n, primary, false);
                    all_keep_their_words(
                        &layout,
                        &longest,
                        w,
                        h,
                        &format!("phone n={n} p={primary} longest"),
                    );
                }
            }
        }
    }

    #[test]
    fn words_line_up_against_their_general() {
        // Four generals on a desktop canvas: G2 at 3 o'clock writes to its
        // right, left-aligned; G4 at 9 o'clock to its left, right-aligned;
        // the primary G1 centred above.
        let (w, h) = DESKTOPS[2];
        let layout = Layout::fitted(4, 0, w, h, &estimate);
        let words = &usual_words(4, 0, &layout)[1];
        let labels = place(&layout, words, w, h, &estimate);
        let p = &layout.positions;
        assert_eq!(labels[0].align, Align::Center);
        assert!(labels[0].bounds.bottom < p[0].y);
        assert_eq!(labels[1].align, Align::Left);
        assert!(labels[1].bounds.left > p[1].x);
        assert_eq!(labels[3].align, Align::Right);
        assert!(labels[3].bounds.right < p[3].x);
        // The check's words go outermost: on top above the general, under
        // the caption elsewhere.
        for (w, h) in DESKTOPS.into_iter().chain([PHONE]) {
            for n in 3..=12 {
                let layout = Layout::fitted(n, 1, w, h, &estimate);
                for label in place(&layout, &usual_words(n, 1, &layout)[0], w, h, &estimate) {
                    let has = |k| label.lines.iter().any(|l| l.weight == k);
                    if !(has(Weight::Check) && has(Weight::Caption)) {
                        continue;
                    }
                    let middle = (label.bounds.top + label.bounds.bottom) / 2.0;
                    let above = middle < layout.positions[label.general].y - 1.0;
                    let first = label.lines[0].weight;
                    assert_eq!(first == Weight::Check, above, "{w}x{h} n={n}: {label:?}");
                }
            }
        }
    }
}
