//! The browser layer (filled in by the foundation work).
