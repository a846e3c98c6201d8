//! How a start option's value is written, wherever it is typed: the page's
//! URL and replay links read it with these, as the command line's arguments
//! and the console read theirs. A whole number is decimal digits only (no
//! sign, space or `_`: `+4` is refused everywhere, as `generals +4` is), and
//! a general id may be written as printed (`G2`), as `--primary G2` may.

use std::str::FromStr;

/// A whole number in decimal digits only, if it fits `T`.
pub fn whole_number<T: FromStr>(text: &str) -> Option<T> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// A general id as typed or as printed: `2`, `G2` or `g2`. Whether such a
/// general exists (0 never does) is the caller's to say.
pub fn general_id(text: &str) -> Option<u32> {
    whole_number(text.strip_prefix(['G', 'g']).unwrap_or(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_only() {
        assert_eq!(whole_number::<u32>("042"), Some(42));
        for bad in ["", "+4", "-4", " 4", "4 ", "4_0", "0x4", "٤", "4294967296"] {
            assert_eq!(whole_number::<u32>(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn ids_as_printed() {
        assert_eq!(general_id("G2"), Some(2));
        assert_eq!(general_id("g2"), Some(2));
        assert_eq!(general_id("7"), Some(7));
        for bad in ["G", "GG2", "G+2", "+2", "2G"] {
            assert_eq!(general_id(bad), None, "{bad:?}");
        }
    }
}
