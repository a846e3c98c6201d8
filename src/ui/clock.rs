//! Wall time to logical time: the page's speed control and pause. This is the
//! only place wall time enters, and it only decides how far to advance the
//! engine, never what happens.

use crate::engine::limits::HOP_TICKS;

/// Speeds offered by the control bar (logical ticks per wall millisecond).
pub const SPEEDS: [f64; 6] = [0.25, 0.5, 1.0, 2.0, 4.0, 8.0];

/// The speed select's option values (index.html), in the order of `SPEEDS`.
/// Matched as text rather than parsed: `str::parse::<f64>` alone carried
/// ~5 KB of float parsing into the page's download.
pub const SPEED_VALUES: [&str; 6] = ["0.25", "0.5", "1", "2", "4", "8"];

/// The speed a select option's value stands for; None for any other text.
pub fn speed_named(value: &str) -> Option<f64> {
    SPEED_VALUES
        .iter()
        .position(|v| *v == value)
        .map(|i| SPEEDS[i])
}

/// A frame gap longer than this (a hidden tab) is not made up for in one jump.
const MAX_FRAME_MS: f64 = 100.0;

#[derive(Clone, Debug)]
pub struct Clock {
    pub speed: f64,
    pub paused: bool,
    last_frame: Option<f64>,
    /// Fractions of a tick carried between frames, so 0.25x is smooth.
    carry: f64,
}

impl Default for Clock {
    fn default() -> Clock {
        Clock {
            speed: 1.0,
            paused: false,
            last_frame: None,
            carry: 0.0,
        }
    }
}

impl Clock {
    /// Logical ticks to advance for a frame at `now_ms`.
    pub fn ticks(&mut self, now_ms: f64) -> u64 {
        let elapsed = self
            .last_frame
            .map_or(0.0, |last| super::bounded(now_ms - last, 0.0, MAX_FRAME_MS));
        self.last_frame = Some(now_ms);
        if self.paused {
            return 0;
        }
        let exact = elapsed * self.speed + self.carry;
        let whole = exact.floor();
        self.carry = exact - whole;
        whole as u64
    }

    /// Ticks from `now` to the next half hop: one press of Step moves
    /// messages to mid-flight, the next lands them and sends the next round.
    pub fn step_ticks(now: u64) -> u64 {
        let half = HOP_TICKS / 2;
        half - now % half
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wall_time_times_speed_becomes_ticks_with_fractions_carried() {
        let mut clock = Clock::default();
        assert_eq!(
            clock.ticks(1000.0),
            0,
            "the first frame only starts the clock"
        );
        assert_eq!(clock.ticks(1016.0), 16);
        clock.speed = 0.25;
        let total: u64 = (1..=8)
            .map(|i| clock.ticks(1016.0 + 10.0 * f64::from(i)))
            .sum();
        assert_eq!(total, 20, "0.25x of 80 ms, nothing lost to rounding");
    }

    #[test]
    fn pauses_and_long_gaps_do_not_jump_ahead() {
        let mut clock = Clock::default();
        clock.ticks(0.0);
        clock.paused = true;
        assert_eq!(clock.ticks(500.0), 0);
        clock.paused = false;
        clock.speed = 8.0;
        assert_eq!(clock.ticks(10_000.0), 800, "a hidden tab's gap is capped");
    }

    #[test]
    fn the_speed_options_name_exactly_the_speeds() {
        for (value, speed) in SPEED_VALUES.iter().zip(SPEEDS) {
            assert_eq!(value.parse::<f64>(), Ok(speed));
            assert_eq!(speed_named(value), Some(speed));
        }
        assert_eq!(speed_named("3"), None);
        assert_eq!(speed_named("1.0"), None);
        let page = include_str!("../../index.html");
        let select = &page[page.find("<select id=\"speed\"").unwrap()..];
        let select = &select[..select.find("</select>").unwrap()];
        let offered: Vec<&str> = select
            .split("<option value=\"")
            .skip(1)
            .map(|o| &o[..o.find('"').unwrap()])
            .collect();
        assert_eq!(offered, SPEED_VALUES, "index.html offers these speeds");
    }

    #[test]
    fn bounded_is_clamp_for_numbers() {
        for lo in [-1.0, 0.0, 1.5] {
            for hi in [1.5, 2.0, 30.0] {
                for v in [
                    -5.0,
                    -1.0,
                    0.0,
                    0.7,
                    1.5,
                    1.9,
                    2.0,
                    29.9,
                    31.0,
                    f64::INFINITY,
                ] {
                    assert_eq!(super::super::bounded(v, lo, hi), v.clamp(lo, hi));
                }
            }
        }
        assert_eq!(
            super::super::bounded(5.0, 3.0, 1.0),
            3.0,
            "no panic when crossed"
        );
    }

    #[test]
    fn a_step_reaches_the_next_half_hop() {
        assert_eq!(Clock::step_ticks(0), HOP_TICKS / 2);
        assert_eq!(Clock::step_ticks(HOP_TICKS / 2 + 10), HOP_TICKS / 2 - 10);
    }
}
