//! The values of one level of OM(m)'s path tree, one per path in tree order
//! (0 nothing, else `Order::to_byte`): either one byte repeated, when every
//! path of the level holds the same value, or a byte per path.
//!
//! Every level a loyal army relays is uniform: the commander's one order,
//! repeated. A uniform level costs nothing per path: relaying it repeats its
//! byte for every child, which is again one byte repeated; landing it is
//! one byte whoever hears it; and where every level a general holds is the
//! same value, its nested majority is that value at every path (a run of
//! equal values is its own majority). A level turns into bytes where a value
//! differs: a faulty sender's choice, or a level relayed from bytes.

/// Bytes read at once when repeating short runs: `repeated` writes a whole
/// word per run, overlapping the next.
const WORD: usize = 8;

/// One level's values, by path in tree order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Values {
    /// `len` paths, every one holding `byte`.
    Uniform { byte: u8, len: usize },
    /// One byte per path.
    Bytes(Vec<u8>),
}

impl Default for Values {
    fn default() -> Values {
        Values::Bytes(Vec::new())
    }
}

impl Values {
    /// `len` paths holding `byte`.
    pub fn uniform(byte: u8, len: usize) -> Values {
        Values::Uniform { byte, len }
    }

    pub fn len(&self) -> usize {
        match self {
            Values::Uniform { len, .. } => *len,
            Values::Bytes(bytes) => bytes.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The value of the path at `place` (its rank within the level).
    #[inline]
    pub fn at(&self, place: usize) -> u8 {
        match self {
            Values::Uniform { byte, len } => {
                assert!(place < *len, "a place within the level");
                *byte
            }
            Values::Bytes(bytes) => bytes[place],
        }
    }

    /// `at`, or `None` past the level's end.
    pub fn get(&self, place: usize) -> Option<u8> {
        (place < self.len()).then(|| self.at(place))
    }

    /// The one value every path holds, if the level is stored as one.
    pub fn as_uniform(&self) -> Option<u8> {
        match self {
            Values::Uniform { byte, .. } => Some(*byte),
            Values::Bytes(_) => None,
        }
    }

    /// Every value, in tree order.
    pub fn iter(&self) -> impl Iterator<Item = u8> + '_ {
        let (byte, len, bytes): (u8, usize, &[u8]) = match self {
            Values::Uniform { byte, len } => (*byte, *len, &[]),
            Values::Bytes(bytes) => (0, 0, bytes),
        };
        std::iter::repeat_n(byte, len).chain(bytes.iter().copied())
    }

    /// Appends every value to `out`, in tree order.
    pub fn append_to(&self, out: &mut Vec<u8>) {
        match self {
            Values::Uniform { byte, len } => append_repeated(out, *byte, *len),
            Values::Bytes(bytes) => out.extend_from_slice(bytes),
        }
    }

    /// A uniform level written out as bytes, for `append_written`: where
    /// every lieutenant appends the same level to its own memory, the page
    /// writes it out once, not once per lieutenant (each was a buffer
    /// allocated, filled and freed, see `append_repeated`: a fifth of a wasm
    /// order of OM(1) at n = 1000 with a liar; `om_level` uses it in the
    /// page's build only, as natively appending a uniform level is one
    /// memory fill). Nothing for a level that is bytes already.
    pub fn written_out(&self) -> Vec<u8> {
        match self {
            Values::Uniform { byte, len } => vec![*byte; *len],
            Values::Bytes(_) => Vec::new(),
        }
    }

    /// `append_to`, with `written` this level's `written_out`.
    pub fn append_written(&self, written: &[u8], out: &mut Vec<u8>) {
        match self {
            Values::Uniform { len, .. } => {
                debug_assert_eq!(written.len(), *len, "this level's written_out");
                out.extend_from_slice(written);
            }
            Values::Bytes(bytes) => out.extend_from_slice(bytes),
        }
    }

    /// The level below, as honest senders relay it: each value once per
    /// child, `children` children per path. A uniform level stays uniform.
    pub fn repeated(&self, children: usize) -> Values {
        let bytes = match self {
            Values::Uniform { byte, len } => return Values::uniform(*byte, len * children),
            Values::Bytes(bytes) => bytes,
        };
        let mut next = vec![0u8; bytes.len() * children + WORD];
        if children <= WORD {
            // Short runs (deep trees) a word at a time, overlapping: a call
            // to set memory per run would cost more than the run.
            for (place, &byte) in bytes.iter().enumerate() {
                let word = u64::from(byte) * 0x0101_0101_0101_0101;
                let at = place * children;
                next[at..at + WORD].copy_from_slice(&word.to_le_bytes());
            }
        } else {
            for (run, &byte) in next.chunks_exact_mut(children).zip(bytes) {
                run.fill(byte);
            }
        }
        next.truncate(bytes.len() * children);
        Values::Bytes(next)
    }

    /// The values as bytes to overwrite, turning a uniform level into bytes.
    pub fn make_bytes(&mut self) -> &mut Vec<u8> {
        if let Values::Uniform { byte, len } = *self {
            *self = Values::Bytes(vec![byte; len]);
        }
        match self {
            Values::Bytes(bytes) => bytes,
            Values::Uniform { .. } => unreachable!("turned into bytes just above"),
        }
    }
}

/// Appends `len` copies of `byte`. Natively `resize` is one memory fill.
/// In the page's build (opt-level "z", where LLVM turns no loop into a
/// fill) it is a loop of one-byte writes, half of a wasm order of OM(1) at
/// n = 1000 with a faulty lieutenant (every lieutenant appends a level of
/// 999 values); there `vec!` of a byte is one `memory.fill` (its u8
/// specialisation), then one copy: three times quicker.
fn append_repeated(out: &mut Vec<u8>, byte: u8, len: usize) {
    // (A short level, the first one say, from a word on the stack: no
    // buffer to allocate for it, once per lieutenant.)
    #[cfg(target_arch = "wasm32")]
    if len <= WORD {
        out.extend_from_slice(&[byte; WORD][..len]);
    } else {
        out.extend_from_slice(&vec![byte; len]);
    }
    #[cfg(not(target_arch = "wasm32"))]
    out.resize(out.len() + len, byte);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bytes a level stands for, spelled out.
    fn spelled(values: &Values) -> Vec<u8> {
        let mut out = Vec::new();
        values.append_to(&mut out);
        assert_eq!(out, values.iter().collect::<Vec<u8>>());
        // Appended after a memory's earlier levels, from the written-out form.
        let mut memory = vec![9];
        values.append_written(&values.written_out(), &mut memory);
        assert_eq!(memory[1..], out[..]);
        assert_eq!(out.len(), values.len());
        for (place, &byte) in out.iter().enumerate() {
            assert_eq!(values.get(place), Some(byte));
        }
        assert_eq!(values.get(out.len()), None);
        out
    }

    #[test]
    fn uniform_and_bytes_stand_for_the_same_values() {
        let uniform = Values::uniform(2, 5);
        let bytes = Values::Bytes(vec![2; 5]);
        assert_eq!(spelled(&uniform), spelled(&bytes));
        assert_eq!(uniform.as_uniform(), Some(2));
        assert_eq!(bytes.as_uniform(), None);
        for children in [1, 2, 3, 8, 9, 30] {
            let (u, b) = (uniform.repeated(children), bytes.repeated(children));
            assert_eq!(u.as_uniform(), Some(2), "a uniform level relays uniform");
            assert_eq!(spelled(&u), spelled(&b), "{children} children");
        }
    }

    #[test]
    fn relaying_repeats_each_value_once_per_child() {
        let level = Values::Bytes(vec![1, 2, 0, 3, 1, 1, 2, 2, 1, 2]);
        for children in 1..=20 {
            let expected: Vec<u8> = level
                .iter()
                .flat_map(|byte| std::iter::repeat_n(byte, children))
                .collect();
            assert_eq!(spelled(&level.repeated(children)), expected);
        }
    }

    #[test]
    fn making_bytes_keeps_the_values() {
        let mut level = Values::uniform(1, 4);
        level.make_bytes()[2] = 2;
        assert_eq!(level, Values::Bytes(vec![1, 1, 2, 1]));
        level.make_bytes()[0] = 2;
        assert_eq!(level, Values::Bytes(vec![2, 1, 2, 1]));
    }
}
