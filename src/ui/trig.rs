//! Sine and cosine for the layout's circle and spiral, in a few hundred
//! bytes of wasm. `f64::sin` and `f64::cos` bring libm's whole range
//! reduction (`rem_pio2` and `rem_pio2_large`, exact for any angle up to
//! 1e308: 7.6 KB of the page's code with the two kernels) to place generals
//! at angles below a few thousand radians. Here the angle is reduced by pi/2
//! written in two parts (fdlibm's `pio2_1` and `pio2_1t`, exact products for
//! |k| < 2^20), then fdlibm's minimax polynomials on [-pi/4, pi/4]: within a
//! few units in the last place of the std functions for every angle the
//! layout uses, far below a pixel.

/// pi/2: its first 33 bits, and the rest.
const PIO2_HIGH: f64 = 1.570_796_326_734_125_6;
const PIO2_LOW: f64 = 6.077_100_506_506_192e-11;

/// `(sin x, cos x)` for |x| up to about a million (the layout's angles are
/// below 2,500).
pub fn sin_cos(x: f64) -> (f64, f64) {
    let k = (x * std::f64::consts::FRAC_2_PI + 0.5).floor();
    let r = (x - k * PIO2_HIGH) - k * PIO2_LOW;
    let (s, c) = (kernel_sin(r), kernel_cos(r));
    match (k as i64) & 3 {
        0 => (s, c),
        1 => (c, -s),
        2 => (-s, -c),
        _ => (-c, s),
    }
}

/// sin on [-pi/4, pi/4] (fdlibm's `__kernel_sin`).
fn kernel_sin(x: f64) -> f64 {
    const S: [f64; 6] = [
        -1.666_666_666_666_663_2e-1,
        8.333_333_333_322_49e-3,
        -1.984_126_982_985_795e-4,
        2.755_731_370_707_006_8e-6,
        -2.505_076_025_340_686_3e-8,
        1.589_690_995_211_55e-10,
    ];
    let z = x * x;
    let p = S[0] + z * (S[1] + z * (S[2] + z * (S[3] + z * (S[4] + z * S[5]))));
    x + x * z * p
}

/// cos on [-pi/4, pi/4] (fdlibm's `__kernel_cos`).
fn kernel_cos(x: f64) -> f64 {
    const C: [f64; 6] = [
        4.166_666_666_666_66e-2,
        -1.388_888_888_887_411e-3,
        2.480_158_728_947_673e-5,
        -2.755_731_435_139_066_3e-7,
        2.087_572_321_298_175e-9,
        -1.135_964_755_778_819_5e-11,
    ];
    let z = x * x;
    let p = C[0] + z * (C[1] + z * (C[2] + z * (C[3] + z * (C[4] + z * C[5]))));
    let half = 0.5 * z;
    let w = 1.0 - half;
    // fdlibm's correction keeps the last bits that 1 - z/2 rounds away.
    w + (((1.0 - w) - half) + z * z * p)
}

#[cfg(test)]
mod tests {
    use super::sin_cos;

    #[test]
    fn agrees_with_the_std_functions_on_the_layouts_angles() {
        let golden = std::f64::consts::PI * (3.0 - 5f64.sqrt());
        let mut worst: f64 = 0.0;
        for n in 1..=1000u32 {
            let step = std::f64::consts::TAU / f64::from(n);
            for angle in [
                -std::f64::consts::FRAC_PI_2 + f64::from(n - 1) * step,
                step,
                step / 2.0,
                f64::from(n) * golden,
                -f64::from(n) * 0.7,
            ] {
                let (s, c) = sin_cos(angle);
                worst = worst
                    .max((s - angle.sin()).abs())
                    .max((c - angle.cos()).abs());
            }
        }
        assert!(worst < 1e-13, "off by {worst:e}");
        // Exact where it matters to the eye: the top of the circle.
        let (s, c) = sin_cos(-std::f64::consts::FRAC_PI_2);
        assert_eq!((s, c.abs() < 1e-16), (-1.0, true));
        assert_eq!(sin_cos(0.0), (0.0, 1.0));
    }
}
