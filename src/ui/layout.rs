//! Where each general sits on the canvas, readable from 1 to 1000 generals:
//! the primary in the middle, so its orders radiate outwards, and the
//! secondaries on a ring (up to 40, so every relay is a visible chord) or, for
//! larger armies, on a sunflower spiral that fills the disc evenly.

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
}

/// Secondaries beyond this count are laid out on a spiral instead of a ring.
pub const RING_LIMIT: usize = 40;

const GOLDEN_ANGLE: f64 = 2.399_963_229_728_653;

impl Layout {
    pub fn new(generals: usize, primary: usize, width: f64, height: f64) -> Layout {
        let centre = Point {
            x: width / 2.0,
            y: height / 2.0,
        };
        let reach = (width.min(height) / 2.0 - 24.0).max(10.0);
        let secondaries = generals.saturating_sub(1);
        let (radius, place): (f64, Box<dyn Fn(usize) -> Point>) = if secondaries <= RING_LIMIT {
            let ring = reach * 0.82;
            let gap = if secondaries > 1 {
                ring * (std::f64::consts::PI / secondaries as f64).sin()
            } else {
                ring
            };
            let radius = (gap * 0.55).clamp(3.0, 30.0).min(reach * 0.16);
            let place = move |k: usize| {
                let angle = -std::f64::consts::FRAC_PI_2
                    + k as f64 * std::f64::consts::TAU / secondaries.max(1) as f64;
                Point {
                    x: centre.x + ring * angle.cos(),
                    y: centre.y + ring * angle.sin(),
                }
            };
            (radius, Box::new(place))
        } else {
            // Vogel's model: equal area per general, a hole left for the primary.
            let hole = (secondaries as f64 * 0.04).max(3.0);
            let radius = (reach / (secondaries as f64 + hole).sqrt() * 0.42).clamp(1.5, 30.0);
            let place = move |k: usize| {
                let r = reach * ((k as f64 + hole) / (secondaries as f64 + hole)).sqrt();
                let angle = k as f64 * GOLDEN_ANGLE;
                Point {
                    x: centre.x + r * angle.cos(),
                    y: centre.y + r * angle.sin(),
                }
            };
            (radius, Box::new(place))
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

    /// Whether labels fit inside the circles.
    pub fn shows_labels(&self) -> bool {
        self.radius >= 9.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn min_distance(layout: &Layout) -> f64 {
        let p = &layout.positions;
        let mut best = f64::MAX;
        for i in 0..p.len() {
            for j in i + 1..p.len() {
                best = best.min((p[i].x - p[j].x).hypot(p[i].y - p[j].y));
            }
        }
        best
    }

    #[test]
    fn generals_never_overlap_and_stay_on_the_canvas() {
        for n in [1, 2, 3, 4, 7, 12, 40, 41, 100, 300, 1000] {
            let layout = Layout::new(n, n / 2, 900.0, 700.0);
            assert_eq!(layout.positions.len(), n);
            for (i, p) in layout.positions.iter().enumerate() {
                let r = layout.radius_of(i);
                assert!(p.x - r >= 0.0 && p.x + r <= 900.0, "n={n} x={}", p.x);
                assert!(p.y - r >= 0.0 && p.y + r <= 700.0, "n={n} y={}", p.y);
            }
            if n > 1 {
                assert!(
                    min_distance(&layout) > 2.0 * layout.radius,
                    "n={n} overlaps"
                );
            }
        }
    }

    #[test]
    fn the_primary_sits_in_the_middle() {
        let layout = Layout::new(4, 2, 800.0, 600.0);
        assert_eq!(layout.positions[2], Point { x: 400.0, y: 300.0 });
        assert!(layout.primary_radius > layout.radius);
    }

    #[test]
    fn clicks_find_the_general_under_them() {
        let layout = Layout::new(5, 0, 800.0, 600.0);
        for (i, p) in layout.positions.iter().enumerate() {
            assert_eq!(layout.hit(p.x + 2.0, p.y - 2.0), Some(i));
        }
        assert_eq!(layout.hit(5.0, 5.0), None);
    }

    #[test]
    fn labels_only_where_they_fit() {
        assert!(Layout::new(4, 0, 800.0, 600.0).shows_labels());
        assert!(!Layout::new(1000, 0, 800.0, 600.0).shows_labels());
    }
}
