//! Dropping a round's containers once they are consumed, without the page's
//! call chain per empty one.
//!
//! The page's module is built for size (opt-level "z"), where dropping a
//! `Vec` is four calls even when it never allocated, and a round that lands
//! leaves a dozen such (a level-by-level round carries no relay records and
//! no signed messages, a loyal one no faulty choices): a loyal order at
//! n = 1000 spent more on those calls than on its start's arithmetic. A
//! `Vec` that never allocated owns nothing, so forgetting it is the same as
//! dropping it.

/// Drops `vec`, or forgets it when it never allocated (it owns no memory).
#[inline(always)]
pub fn release<T>(vec: Vec<T>) {
    if vec.capacity() == 0 {
        std::mem::forget(vec);
    } else {
        drop(vec);
    }
}
