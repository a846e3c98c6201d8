//! Reading standard input one bounded line at a time. A line longer than
//! the engine's `MAX_LINE_BYTES` is not kept: its bytes are counted and
//! skipped up to the newline, so memory stays flat whatever the input
//! (`read_until` would hold a 100 MB line whole).

use std::io::{self, BufRead};

/// What one read produced.
#[derive(Debug, PartialEq, Eq)]
pub enum Read {
    /// A line, without its newline, is in the buffer.
    Line,
    /// A line of this many bytes (newline excluded) was too long and skipped.
    Overlong(u64),
    /// End of input.
    End,
}

/// Reads the next line into `buffer` (cleared first), keeping at most
/// `max` bytes of it.
pub fn read_line(input: &mut impl BufRead, buffer: &mut Vec<u8>, max: usize) -> io::Result<Read> {
    buffer.clear();
    let mut length: u64 = 0;
    let mut any = false;
    loop {
        let available = match input.fill_buf() {
            Ok(available) => available,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            // End of input; a last line without a newline still counts.
            return Ok(match (any, length > max as u64) {
                (false, _) => Read::End,
                (true, false) => Read::Line,
                (true, true) => Read::Overlong(length),
            });
        }
        any = true;
        let newline = available.iter().position(|&b| b == b'\n');
        let piece = &available[..newline.unwrap_or(available.len())];
        length += piece.len() as u64;
        if length <= max as u64 {
            buffer.extend_from_slice(piece);
        } else {
            buffer.clear();
        }
        let used = piece.len() + usize::from(newline.is_some());
        input.consume(used);
        if newline.is_some() {
            return Ok(if length > max as u64 {
                Read::Overlong(length)
            } else {
                Read::Line
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(input: &[u8], max: usize, capacity: usize) -> Vec<Result<String, u64>> {
        let mut reader = io::BufReader::with_capacity(capacity, input);
        let mut buffer = Vec::new();
        let mut out = Vec::new();
        loop {
            match read_line(&mut reader, &mut buffer, max).unwrap() {
                Read::Line => out.push(Ok(String::from_utf8(buffer.clone()).unwrap())),
                Read::Overlong(n) => out.push(Err(n)),
                Read::End => return out,
            }
            assert!(
                buffer.capacity() <= max.max(capacity) * 2,
                "the buffer stays small"
            );
        }
    }

    #[test]
    fn lines_are_split_at_newlines_and_the_last_needs_none() {
        for capacity in [1, 3, 64] {
            assert_eq!(
                lines(b"g-state\n\nexit", 16, capacity),
                [Ok("g-state".into()), Ok(String::new()), Ok("exit".into())]
            );
            assert_eq!(lines(b"", 16, capacity), []);
            assert_eq!(lines(b"\n", 16, capacity), [Ok(String::new())]);
        }
    }

    #[test]
    fn long_lines_are_counted_and_skipped_and_reading_goes_on() {
        let mut input = b"help\n".to_vec();
        input.extend(b"x ".repeat(50_000));
        input.extend(b"\nexactly-16-bytes\n12345678901234567");
        for capacity in [1, 7, 8192] {
            assert_eq!(
                lines(&input, 16, capacity),
                [
                    Ok("help".into()),
                    Err(100_000),
                    Ok("exactly-16-bytes".into()),
                    Err(17)
                ]
            );
        }
    }
}
