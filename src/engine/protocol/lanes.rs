//! Counting a run of values (bytes 0 nothing, 1 attack, 2 or 3 retreat) in
//! byte lanes: the inner loop of OM(m)'s nested majority, where a big army's
//! decisions spend nearly all their time (OM(1) at n = 1000 counts about a
//! million bytes per order).
//!
//! Natively the portable loop below is vectorised by LLVM (SSE2 on x86-64).
//! A wasm build is not: the page is built for size (`opt-level = "z"`), and
//! at that level LLVM vectorises nothing, so the same loop ran a byte at a
//! time, 10 to 20 times slower than natively. With wasm's 128-bit SIMD
//! (`simd128`, enabled for wasm32 in `.cargo/config.toml`) the wasm build
//! counts sixteen bytes per step with explicit instructions, whatever the
//! optimisation level. Both give the same counts (unit tests natively; the
//! wasm tests in `tests/engine_wasm.rs` run the SIMD one against the
//! definition).

/// How many bytes of `run` hold attack, and how many retreat (heard or by
/// default).
#[inline]
pub fn count_orders(run: &[u8]) -> (u32, u32) {
    if run.len() < 16 {
        // Deep trees end in short runs: no lanes to fill.
        return count_one_by_one(run);
    }
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    {
        simd128::count_orders(run)
    }
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    {
        count_in_lanes(run)
    }
}

/// A byte at a time: short runs, and the tail of the SIMD count.
#[inline]
fn count_one_by_one(run: &[u8]) -> (u32, u32) {
    let (mut attack, mut retreat) = (0u32, 0u32);
    for &byte in run {
        attack += u32::from(byte == 1);
        retreat += u32::from(byte >= 2);
    }
    (attack, retreat)
}

/// In byte lanes, 255 at a time (a lane cannot overflow), so that LLVM
/// vectorises it where it vectorises at all.
#[cfg_attr(
    all(target_arch = "wasm32", target_feature = "simd128"),
    allow(dead_code)
)]
fn count_in_lanes(run: &[u8]) -> (u32, u32) {
    let (mut attack, mut retreat) = (0u32, 0u32);
    for chunk in run.chunks(255) {
        let mut a = 0u8;
        let mut r = 0u8;
        for &byte in chunk {
            a += u8::from(byte == 1);
            r += u8::from(byte >= 2);
        }
        attack += u32::from(a);
        retreat += u32::from(r);
    }
    (attack, retreat)
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod simd128 {
    use core::arch::wasm32::{
        u16x8_extadd_pairwise_u8x16, u32x4_extadd_pairwise_u16x8, u32x4_extract_lane, u8x16_eq,
        u8x16_gt, u8x16_splat, u8x16_sub, v128, v128_load,
    };

    /// Blocks of sixteen bytes counted into one pair of u8 lanes before
    /// they are added up: each lane gains at most one per block.
    const BLOCKS_PER_SUM: usize = 255;

    /// Sixteen bytes per step, two steps per turn of the loop: a lane that
    /// compares equal is all ones (-1), so subtracting the comparison adds
    /// one to the lane's count. Plain index loops: in the page's build (for
    /// size) an iterator's `next` or a range index can be a call per block.
    pub(super) fn count_orders(run: &[u8]) -> (u32, u32) {
        let one = u8x16_splat(1);
        let (mut attack, mut retreat) = (0u32, 0u32);
        let blocks = run.len() / 16;
        let mut at = 0;
        while at < blocks {
            let end = blocks.min(at + BLOCKS_PER_SUM);
            let (mut a, mut r) = (u8x16_splat(0), u8x16_splat(0));
            let (mut a2, mut r2) = (u8x16_splat(0), u8x16_splat(0));
            while at + 2 <= end {
                // SAFETY: blocks `at` and `at + 1` are below `blocks`.
                let (bytes, next) = unsafe { (load(run, at), load(run, at + 1)) };
                a = u8x16_sub(a, u8x16_eq(bytes, one));
                r = u8x16_sub(r, u8x16_gt(bytes, one));
                a2 = u8x16_sub(a2, u8x16_eq(next, one));
                r2 = u8x16_sub(r2, u8x16_gt(next, one));
                at += 2;
            }
            if at < end {
                // SAFETY: block `at` is below `blocks`.
                let bytes = unsafe { load(run, at) };
                a = u8x16_sub(a, u8x16_eq(bytes, one));
                r = u8x16_sub(r, u8x16_gt(bytes, one));
                at += 1;
            }
            // Each pair of lanes gained at most BLOCKS_PER_SUM: summed apart.
            attack += lane_sum(a) + lane_sum(a2);
            retreat += lane_sum(r) + lane_sum(r2);
        }
        let (a, r) = super::count_one_by_one(&run[blocks * 16..]);
        (attack + a, retreat + r)
    }

    /// Block `at` (bytes `16 * at` to `16 * at + 15`) of `run` as one
    /// vector: one `v128.load`. (Built lane by lane from the slice, safely,
    /// LLVM emits sixteen one-byte loads instead.)
    ///
    /// # Safety
    ///
    /// `at` must be below `run.len() / 16`: the block lies within `run`.
    #[inline(always)]
    unsafe fn load(run: &[u8], at: usize) -> v128 {
        debug_assert!(16 * at + 16 <= run.len());
        // SAFETY: the block lies within `run` (the caller's promise), and
        // `v128.load` has no alignment requirement.
        unsafe { v128_load(run.as_ptr().add(16 * at).cast::<v128>()) }
    }

    /// The sum of a vector's sixteen u8 lanes.
    #[inline(always)]
    fn lane_sum(lanes: v128) -> u32 {
        let quads = u32x4_extadd_pairwise_u16x8(u16x8_extadd_pairwise_u8x16(lanes));
        u32x4_extract_lane::<0>(quads)
            + u32x4_extract_lane::<1>(quads)
            + u32x4_extract_lane::<2>(quads)
            + u32x4_extract_lane::<3>(quads)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{RngExt, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    /// Every length from empty to past the lanes' 255 steps, random bytes
    /// 0 to 3: the lanes count what one by one counts. (The SIMD count is
    /// checked the same way in the wasm tests, `tests/engine_wasm.rs`.)
    #[test]
    fn lanes_count_what_one_by_one_counts() {
        let mut rng = ChaCha8Rng::seed_from_u64(5);
        for len in (0..300).chain([999, 4079, 4080, 4081, 4096, 5000]) {
            let run: Vec<u8> = (0..len).map(|_| rng.random_range(0..4u32) as u8).collect();
            assert_eq!(count_orders(&run), count_one_by_one(&run), "len {len}");
            assert_eq!(count_in_lanes(&run), count_one_by_one(&run), "len {len}");
        }
        // All nothing, attack, retreat: every lane at its most.
        for (byte, expected) in [
            (0u8, (0, 0)),
            (1, (4113, 0)),
            (2, (0, 4113)),
            (3, (0, 4113)),
        ] {
            let run = vec![byte; 4096 + 17];
            assert_eq!(count_orders(&run), expected, "all {byte}");
        }
    }
}
