//! The console's command history, walked with Up and Down like a shell's.

pub use crate::engine::limits::HISTORY_LIMIT;

#[derive(Clone, Debug, Default)]
pub struct History {
    entries: Vec<String>,
    /// Position while walking; `None` when editing a fresh line.
    cursor: Option<usize>,
    /// The line being typed before walking began, restored at the bottom.
    draft: String,
}

impl History {
    /// Remembers a submitted line (not blanks, not a repeat of the last one).
    pub fn push(&mut self, line: &str) {
        self.cursor = None;
        self.draft.clear();
        if line.trim().is_empty() || self.entries.last().is_some_and(|l| l == line) {
            return;
        }
        if self.entries.len() == HISTORY_LIMIT {
            self.entries.remove(0);
        }
        self.entries.push(line.to_string());
    }

    /// The previous entry; `current` is what the input holds now.
    pub fn up(&mut self, current: &str) -> Option<String> {
        let next = match self.cursor {
            None if self.entries.is_empty() => return None,
            None => {
                self.draft = current.to_string();
                self.entries.len() - 1
            }
            Some(0) => 0,
            Some(i) => i - 1,
        };
        self.cursor = Some(next);
        Some(self.entries[next].clone())
    }

    /// The next entry, or the draft once past the newest.
    pub fn down(&mut self) -> Option<String> {
        let i = self.cursor?;
        if i + 1 < self.entries.len() {
            self.cursor = Some(i + 1);
            Some(self.entries[i + 1].clone())
        } else {
            self.cursor = None;
            Some(std::mem::take(&mut self.draft))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_back_and_forth_and_restores_the_draft() {
        let mut h = History::default();
        h.push("g-state");
        h.push("g-kill 2");
        assert_eq!(h.up("g-a").as_deref(), Some("g-kill 2"));
        assert_eq!(h.up("").as_deref(), Some("g-state"));
        assert_eq!(h.up("").as_deref(), Some("g-state"));
        assert_eq!(h.down().as_deref(), Some("g-kill 2"));
        assert_eq!(h.down().as_deref(), Some("g-a"));
        assert_eq!(h.down(), None);
    }

    #[test]
    fn skips_blanks_and_repeats_and_stays_bounded() {
        let mut h = History::default();
        assert_eq!(h.up("x"), None);
        h.push("  ");
        h.push("help");
        h.push("help");
        assert_eq!(h.up("").as_deref(), Some("help"));
        assert_eq!(h.up("").as_deref(), Some("help"));
        for i in 0..HISTORY_LIMIT + 10 {
            h.push(&format!("g-kill {i}"));
        }
        assert_eq!(h.entries.len(), HISTORY_LIMIT);
    }
}
