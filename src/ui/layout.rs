//! Where each general sits on the canvas, readable from 1 to 1000 generals.
//! Up to `RING_LIMIT` generals, every one of them, the primary included,
//! stands on one circle: a chord between two points of a circle meets no
//! third point of it, so no message's line runs through a general it is not
//! addressed to, and the discs are kept small enough (`radius`) that a chord
//! also clears the discs of the generals it passes by, wherever that leaves
//! a disc big enough to see and click. Larger armies stand on a sunflower
//! spiral that fills the disc evenly, the primary in the middle; there lines
//! must cross, and the canvas draws messages above the generals. Where a
//! narrow canvas leaves too little room beside a full-sized ring for the
//! words written next to the generals (`ui::labels`), `Layout::fitted`
//! makes the ring smaller.

use super::labels::{self, Measure, Weight};

use super::trig::sin_cos;

/// A point in CSS pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    /// One position per general, in roster order.
    pub positions: Vec<Point>,
    /// Radius of a secondary's circle; the primary's is `primary_radius`.
    pub radius: f64,
    pub primary_radius: f64,
    pub primary: usize,
    /// The circle's centre: labels on the ring are placed away from it.
    pub centre: Point,
    /// Whether the generals stand on one circle (else on the spiral).
    pub ring: bool,
    /// How far a message swerves to its right at mid-flight, so the two
    /// messages of a pair crossing in opposite directions do not cover each
    /// other; small enough that the swerve clears every bystander's disc.
    pub lane: f64,
}

/// Widest swerve of a message, in CSS pixels.
const MAX_LANE: f64 = 9.0;

/// Up to this many generals stand on one circle; more go on a spiral.
pub const RING_LIMIT: usize = 41;

/// Smallest disc on the ring, in CSS pixels: below this a general is hard to
/// see and to click, so past about 30 generals on a laptop screen a chord may
/// graze a neighbour's disc (messages are drawn above the discs).
pub const MIN_RING_RADIUS: f64 = 5.0;

/// Room kept outside the ring for the labels written beside each general.
const LABEL_MARGIN: f64 = 40.0;

/// The smallest share of its full size the ring shrinks to, to leave room
/// for the words beside the generals, and in how many steps.
const SMALLEST_RING: f64 = 0.5;
const RING_STEPS: usize = 12;

/// Most generals for whom `Layout::fitted` looks for a smaller ring.
pub const FITTED_LIMIT: usize = 16;

/// How far from the canvas's centre a general may stand.
fn reach(width: f64, height: f64) -> f64 {
    (width.min(height) / 2.0 - 24.0).max(10.0)
}

/// The ring's radius when the words beside it need no more room.
fn full_ring(reach: f64) -> f64 {
    (reach - LABEL_MARGIN).max(reach * 0.6)
}

const GOLDEN_ANGLE: f64 = 2.399_963_229_728_653;

impl Layout {
    pub fn new(generals: usize, primary: usize, width: f64, height: f64) -> Layout {
        let centre = Point {
            x: width / 2.0,
            y: height / 2.0,
        };
        let reach = reach(width, height);
        if generals <= RING_LIMIT {
            Layout::ring(generals, primary, centre, reach, full_ring(reach))
        } else {
            Layout::spiral(generals, primary, centre, reach)
        }
    }

    /// The layout with room on the canvas for the longest words the page
    /// can write beside every general (`labels::longest_words`), measured
    /// with `measure`. Where a full-sized ring leaves some of them no place
    /// (a phone's narrow canvas), the ring shrinks, in steps of 4% down to
    /// half its size, to the largest circle round which `labels::place`
    /// finds the most of them a place. Up to `FITTED_LIMIT` generals: past
    /// that the words are left out anyway, and the ring keeps its size.
    pub fn fitted(
        generals: usize,
        primary: usize,
        width: f64,
        height: f64,
        measure: Measure,
    ) -> Layout {
        let plain = Layout::new(generals, primary, width, height);
        if !plain.ring || !(2..=FITTED_LIMIT).contains(&generals) {
            return plain;
        }
        // The same words are measured for every ring tried: once each.
        let known = std::cell::RefCell::new(Vec::<(String, Weight, f64)>::new());
        let memo = |text: &str, weight: Weight| {
            if let Some(&(_, _, w)) = known
                .borrow()
                .iter()
                .find(|(t, k, _)| *k == weight && t == text)
            {
                return w;
            }
            let w = measure(text, weight);
            known.borrow_mut().push((text.to_string(), weight, w));
            w
        };
        let reach = reach(width, height);
        let full = full_ring(reach);
        // How many words of the longest mixes find no place.
        let missing = |layout: &Layout| -> usize {
            labels::longest_words(generals, primary, !layout.shows_labels())
                .iter()
                .map(|words| generals - labels::place(layout, words, width, height, &memo).len())
                .sum()
        };
        let mut best = (missing(&plain), plain);
        for k in 1..=RING_STEPS {
            if best.0 == 0 {
                break;
            }
            let ring = full * (1.0 - (1.0 - SMALLEST_RING) * k as f64 / RING_STEPS as f64);
            let layout = Layout::ring(generals, primary, best.1.centre, reach, ring);
            // Smaller, but not at the cost of what the ring guarantees:
            // discs clear of every chord, ids inside the discs where they
            // were, pairs of messages apart.
            let floor =
                (ring * (1.0 - sin_cos(std::f64::consts::TAU / generals as f64).1)) * 0.7 * 0.95
                    / 1.3;
            let keeps = floor >= MIN_RING_RADIUS
                && layout.shows_labels() == best.1.shows_labels()
                && layout.lane >= best.1.lane.min(4.0);
            if !keeps {
                break;
            }
            let left_out = missing(&layout);
            if left_out < best.0 {
                best = (left_out, layout);
            }
        }
        best.1
    }

    /// Everyone on a circle of radius `ring`, the first general at the top,
    /// clockwise.
    fn ring(generals: usize, primary: usize, centre: Point, reach: f64, ring: f64) -> Layout {
        let n = generals.max(1) as f64;
        let step = std::f64::consts::TAU / n;
        let positions: Vec<Point> = (0..generals)
            .map(|k| {
                let angle = -std::f64::consts::FRAC_PI_2 + k as f64 * step;
                if generals == 1 {
                    centre
                } else {
                    let (sin, cos) = sin_cos(angle);
                    Point {
                        x: centre.x + ring * cos,
                        y: centre.y + ring * sin,
                    }
                }
            })
            .collect();
        // The chord that passes closest to a third general joins its two
        // neighbours; it misses that general's centre by the sagitta
        // ring * (1 - cos(step)). A disc (the primary's, larger, included)
        // inside that distance is never crossed.
        let clearance = if generals > 3 {
            ring * (1.0 - sin_cos(step).1)
        } else {
            f64::MAX
        };
        let spacing = if generals > 1 {
            ring * sin_cos(step / 2.0).0
        } else {
            ring
        };
        // Part of the clearance is kept for the messages' swerve.
        let lane = (clearance * 0.3).min(MAX_LANE);
        let radius = (spacing * 0.55)
            .min(reach * 0.14)
            .min(24.0)
            .min((clearance - lane) * 0.95 / 1.3)
            .max(MIN_RING_RADIUS);
        let primary_radius = radius * 1.3;
        Layout {
            positions,
            radius,
            primary_radius,
            primary,
            centre,
            ring: true,
            lane: super::bounded((clearance - primary_radius) * 0.95, 0.0, lane),
        }
    }

    /// Vogel's model: equal area per general, a hole left for the primary.
    fn spiral(generals: usize, primary: usize, centre: Point, reach: f64) -> Layout {
        let secondaries = generals - 1;
        let hole = (secondaries as f64 * 0.04).max(3.0);
        let radius = super::bounded(reach / (secondaries as f64 + hole).sqrt() * 0.42, 1.5, 30.0);
        let place = |k: usize| {
            let r = reach * ((k as f64 + hole) / (secondaries as f64 + hole)).sqrt();
            let (sin, cos) = sin_cos(k as f64 * GOLDEN_ANGLE);
            Point {
                x: centre.x + r * cos,
                y: centre.y + r * sin,
            }
        };
        let positions = (0..generals)
            .map(|index| match index.cmp(&primary) {
                std::cmp::Ordering::Equal => centre,
                std::cmp::Ordering::Less => place(index),
                std::cmp::Ordering::Greater => place(index - 1),
            })
            .collect();
        Layout {
            positions,
            radius,
            primary_radius: (radius * 1.4).max(8.0),
            primary,
            centre,
            ring: false,
            // Lines cross anyway on the spiral; a swerve would only blur it.
            lane: 0.0,
        }
    }

    pub fn radius_of(&self, index: usize) -> f64 {
        if index == self.primary {
            self.primary_radius
        } else {
            self.radius
        }
    }

    /// The general under a click, if any: the nearest one within reach.
    pub fn hit(&self, x: f64, y: f64) -> Option<usize> {
        self.positions
            .iter()
            .enumerate()
            .map(|(i, p)| (i, (p.x - x).hypot(p.y - y)))
            .filter(|&(i, d)| d <= self.radius_of(i).max(6.0) + 3.0)
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(i, _)| i)
    }

    /// Whether a general's id fits inside its circle.
    pub fn shows_labels(&self) -> bool {
        self.radius >= 9.0
    }
}

/// Distance from point `p` to the segment from `a` to `b`.
pub fn distance_to_segment(p: Point, a: Point, b: Point) -> f64 {
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let length2 = dx * dx + dy * dy;
    let t = if length2 == 0.0 {
        0.0
    } else {
        super::bounded(((p.x - a.x) * dx + (p.y - a.y) * dy) / length2, 0.0, 1.0)
    };
    (p.x - (a.x + t * dx)).hypot(p.y - (a.y + t * dy))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether any two discs touch.
    fn overlaps(layout: &Layout) -> bool {
        let p = &layout.positions;
        (0..p.len()).any(|i| {
            (i + 1..p.len()).any(|j| {
                (p[i].x - p[j].x).hypot(p[i].y - p[j].y)
                    <= layout.radius_of(i) + layout.radius_of(j)
            })
        })
    }

    /// The first (message, bystander) pair whose line runs through the
    /// bystander's disc, if any.
    fn crossing(layout: &Layout) -> Option<(usize, usize, usize)> {
        let p = &layout.positions;
        for a in 0..p.len() {
            for b in 0..p.len() {
                for c in 0..p.len() {
                    if a != b
                        && c != a
                        && c != b
                        && distance_to_segment(p[c], p[a], p[b])
                            <= layout.radius_of(c) + layout.lane
                    {
                        return Some((a, b, c));
                    }
                }
            }
        }
        None
    }

    #[test]
    fn generals_never_overlap_and_stay_on_the_canvas() {
        for (w, h) in [(900.0, 700.0), (390.0, 330.0)] {
            for n in [1, 2, 3, 4, 7, 12, 40, 41, 42, 100, 300, 1000] {
                for primary in [0, n / 2, n - 1] {
                    let layout = Layout::new(n, primary, w, h);
                    assert_eq!(layout.positions.len(), n);
                    for (i, p) in layout.positions.iter().enumerate() {
                        let r = layout.radius_of(i);
                        assert!(p.x - r >= 0.0 && p.x + r <= w, "n={n} x={}", p.x);
                        assert!(p.y - r >= 0.0 && p.y + r <= h, "n={n} y={}", p.y);
                    }
                    assert!(!overlaps(&layout), "n={n} {w}x{h} overlaps");
                }
            }
        }
    }

    #[test]
    fn no_message_line_runs_through_a_general_it_is_not_addressed_to() {
        // Every pair talks in OM(m): check every chord against every disc,
        // the primary (larger) wherever it stands, on a laptop's canvas up to
        // 28 generals and on a phone's up to 16.
        for (w, h, most) in [
            (900.0, 700.0, 28),
            (640.0, 420.0, 20),
            (390.0, 472.0, 16),
            (390.0, 330.0, 16),
        ] {
            for n in 1..=most {
                for primary in 0..n {
                    let layout = Layout::new(n, primary, w, h);
                    assert_eq!(crossing(&layout), None, "n={n} primary={primary} {w}x{h}");
                    // A ring made smaller for the words keeps the rule.
                    let fitted = Layout::fitted(n, primary, w, h, &labels::estimate_width);
                    assert_eq!(crossing(&fitted), None, "fitted n={n} p={primary} {w}x{h}");
                    assert!(!overlaps(&fitted));
                    assert!(layout.radius >= MIN_RING_RADIUS);
                    if n <= 12 {
                        assert!(layout.lane >= 4.0, "n={n}: pairs stay apart");
                    }
                }
            }
        }
        // The old layout's defect: n = 3 on one line, and opposite
        // secondaries' relays under a central primary.
        let three = Layout::new(3, 0, 900.0, 700.0);
        assert!(three.ring && three.positions[0] != three.centre);
    }

    #[test]
    fn on_the_ring_even_the_largest_armies_keep_lines_off_other_centres() {
        // Past the clearance limit a chord may graze a disc, never a centre.
        let layout = Layout::new(RING_LIMIT, 7, 900.0, 700.0);
        let p = &layout.positions;
        for a in 0..p.len() {
            for b in a + 1..p.len() {
                for (c, &point) in p.iter().enumerate() {
                    if c != a && c != b {
                        assert!(distance_to_segment(point, p[a], p[b]) > 1.0);
                    }
                }
            }
        }
    }

    #[test]
    fn the_spiral_keeps_the_primary_in_the_middle() {
        let layout = Layout::new(100, 2, 800.0, 600.0);
        assert!(!layout.ring);
        assert_eq!(layout.positions[2], Point { x: 400.0, y: 300.0 });
        assert!(layout.primary_radius > layout.radius);
        assert!(Layout::new(RING_LIMIT, 2, 800.0, 600.0).ring);
    }

    #[test]
    fn clicks_find_the_general_under_them() {
        for n in [5, 30, 300] {
            let layout = Layout::new(n, 0, 800.0, 600.0);
            for (i, p) in layout.positions.iter().enumerate() {
                assert_eq!(layout.hit(p.x + 1.0, p.y - 1.0), Some(i));
            }
            assert_eq!(layout.hit(5.0, 5.0), None);
        }
    }

    #[test]
    fn labels_inside_discs_only_where_they_fit() {
        assert!(Layout::new(4, 0, 800.0, 600.0).shows_labels());
        assert!(!Layout::new(1000, 0, 800.0, 600.0).shows_labels());
    }
}
