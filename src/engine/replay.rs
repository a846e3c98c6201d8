//! The scenario link: a session's start options and every command typed in
//! it, as one URL fragment that both front ends read and write. The page keeps
//! its address set to it; `generals --replay '<link>'` replays it.
//!
//! The form (documented in the README):
//!
//! ```text
//! #generals=4&seed=7&primary=1&om=1&c=g-state_3_faulty~actual-order_attack~g-state@1.600
//! ```
//!
//! - `generals`, `seed`, `primary`, `om`: the start options, named as in the
//!   page's query (`primary` only when it was chosen, not drawn: drawing it
//!   uses the generator, so writing it out would change the run).
//! - `c`: the commands, in the order typed, separated by `~`. Each is the line
//!   exactly as typed, so the replay echoes it identically: letters, digits,
//!   `-` and `.` stand for themselves, a space is `_`, and every other byte
//!   of its UTF-8 is `%XX`. That is generic: any line, including commands
//!   added later, round-trips, and the usual ones stay legible.
//! - A line longer than `MAX_LINE_BYTES`, which every front end refuses
//!   unread, is written `!` and its length in bytes (`!2007`): the replay
//!   refuses it with the same error line, and a pasted page of text does
//!   not fill the link.
//! - `@K.T` after a command: it was typed while order K (counted from 1 in the
//!   console session) was in flight, at logical tick T. A reading command
//!   answers at once, and `start`/`exit` act at once, so the moment changes
//!   the lines; without it a command was typed with no order in flight.
//! - `@sN` after a command: it was typed while search N (counted from 1 in
//!   the console session) was under way (the page searches in a worker, so
//!   one can type meanwhile: the command queued behind the search, or
//!   `start`/`exit` abandoned it). A replay types it while that search is
//!   still under way.
//!
//! Only characters URLs leave alone are used (`@` and `.` are allowed in a
//! fragment), so the address bar shows the link as written.

use super::command::{overlong, quote};
use super::limits::{MAX_DEPTH, MAX_GENERALS, MAX_LINE_BYTES, MAX_LINK_CHARS};
use super::output::{thousands, Line};
use super::session::{Session, SessionOptions};
use super::written::{general_id, whole_number};

/// How a line longer than `MAX_LINE_BYTES` is written, before its length
/// in bytes (`!2007`): a typed `!` is written `%21`, so no typed line
/// reads so, and a fragment keeps `!` as it is.
const UNREAD: &str = "!";

/// Where in a session a command was typed while an order was in flight.
/// Ordered by order number, then tick: the order time runs in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Moment {
    /// The order in flight, counted from 1 in the console session.
    pub order: u64,
    /// Its logical clock.
    pub tick: u64,
}

/// One typed command and when it was typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The line as typed (empty where it was `unread`).
    pub text: String,
    /// `None`: typed with no order in flight.
    pub during: Option<Moment>,
    /// Typed while search N of the console session was under way (`@sN`).
    pub searching: Option<u64>,
    /// A line longer than `MAX_LINE_BYTES`, refused unread: its length in
    /// bytes, all a replay needs to refuse it with the same error line. Not
    /// its text, so a pasted page of text cannot fill the link.
    pub unread: Option<u64>,
}

impl Entry {
    /// A line typed with no order in flight.
    pub fn typed(text: impl Into<String>) -> Entry {
        Entry {
            text: text.into(),
            during: None,
            searching: None,
            unread: None,
        }
    }
}

/// A session as a link: how it started and what was typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    pub options: SessionOptions,
    pub entries: Vec<Entry>,
    /// Set when a command did not fit: no later one is recorded either, or
    /// the link would replay a session with a gap in it. It also keeps a
    /// long session cheap: a full link is not measured again.
    full: bool,
}

/// The link grew past `MAX_LINK_CHARS`; the command was not added.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LinkFull;

impl Link {
    pub fn new(options: SessionOptions) -> Link {
        Link {
            options,
            entries: Vec::new(),
            full: false,
        }
    }

    /// Adds a line about to be submitted to `session`, with the moment it is
    /// typed at. Blank lines do nothing in a session and are not kept.
    pub fn record(&mut self, session: &Session, text: &str) -> Result<(), LinkFull> {
        if text.trim().is_empty() {
            return Ok(());
        }
        if text.len() > MAX_LINE_BYTES {
            return self.record_unread(session, text.len() as u64);
        }
        self.push(Entry {
            during: moment(session),
            searching: search(session),
            ..Entry::typed(text)
        })
    }

    /// Adds a line longer than `MAX_LINE_BYTES`, of `bytes` bytes, which
    /// `session` is about to refuse unread: its length stands for it.
    pub fn record_unread(&mut self, session: &Session, bytes: u64) -> Result<(), LinkFull> {
        self.push(Entry {
            text: String::new(),
            during: moment(session),
            searching: search(session),
            unread: Some(bytes),
        })
    }

    fn push(&mut self, entry: Entry) -> Result<(), LinkFull> {
        if self.full {
            return Err(LinkFull);
        }
        self.entries.push(entry);
        if self.fragment().len() > MAX_LINK_CHARS {
            self.entries.pop();
            self.full = true;
            return Err(LinkFull);
        }
        Ok(())
    }

    /// The link without the `#`.
    pub fn fragment(&self) -> String {
        let o = &self.options;
        let mut pairs = vec![format!("generals={}", o.generals)];
        if let Some(seed) = o.seed {
            pairs.push(format!("seed={seed}"));
        }
        if let Some(primary) = o.primary {
            pairs.push(format!("primary={primary}"));
        }
        pairs.push(format!("om={}", o.depth));
        if !self.entries.is_empty() {
            let entries: Vec<String> = self.entries.iter().map(encode_entry).collect();
            pairs.push(format!("c={}", entries.join("~")));
        }
        pairs.join("&")
    }

    /// Reads a link: a whole address, or its fragment (with or without `#`).
    /// Never fails: what cannot be read is left at its default (or, for the
    /// commands, cut off from the first bad one on, since later commands
    /// depend on earlier ones), and the problem comes back as the text of the
    /// one `error:` line to show.
    pub fn parse(text: &str) -> (Link, Option<String>) {
        let mut reader = Reader::default();
        let link = reader.read(text);
        (link, reader.report())
    }
}

/// The search `session` has under way, if any: its number.
pub fn search(session: &Session) -> Option<u64> {
    session.is_searching().then(|| session.searches_started())
}

/// Whether `entry` was typed during the search `session` has under way, so
/// it goes in now, while that search runs.
pub fn during_this_search(session: &Session, entry: &Entry) -> bool {
    entry.searching.is_some() && entry.searching == search(session)
}

/// The moment `session` is at, if an order is in flight.
pub fn moment(session: &Session) -> Option<Moment> {
    session.exchange().map(|exchange| Moment {
        order: session.orders_started(),
        tick: exchange.now(),
    })
}

/// Brings `session` to the moment an entry was typed at, returning the lines
/// printed on the way (verdicts, queued commands). With no moment, every
/// order in flight or queued completes first, as the command line does.
/// Bounded even for a made-up moment: each pass either reaches the tick or
/// completes an order, and only queued commands can start new ones.
pub fn reach(session: &mut Session, during: Option<Moment>) -> Vec<Line> {
    let Some(target) = during else {
        return session.finish();
    };
    let mut lines = Vec::new();
    while let Some(now) = moment(session).filter(|&now| now < target) {
        let ticks = if now.order == target.order {
            target.tick - now.tick
        } else {
            // An earlier order: finish it, one hop at a time.
            super::limits::HOP_TICKS
        };
        lines.extend(session.advance(ticks));
    }
    lines
}

/// Whether `session`, just brought to `entry`'s moment by `reach`, is at
/// it; if not, the one error line's text. A recorded moment is always
/// reached (a replay runs exactly as the recording did), so a miss means
/// the link was edited or made up: a moment past the link's orders, past
/// the end of its order, or one the replay has already gone by; or a search
/// (`@sN`) that is not the one under way there. `number`
/// counts the link's commands from 1. The front ends then leave out this
/// command and the ones after it, as for a command that cannot be read,
/// and run what is in flight to its end.
pub fn missed(session: &Session, number: usize, entry: &Entry) -> Option<String> {
    let left_out = |why: String| {
        let shown = match entry.unread {
            Some(bytes) => format!("{UNREAD}{bytes}"),
            None => entry.text.clone(),
        };
        Some(format!(
            "replay link: command {number} {} {why}; it and the commands after it are left out",
            quote(&shown)
        ))
    };
    // Typed during a search (`@sN`) that is not the one under way here: the
    // link was edited or made up, as for a moment it never reaches.
    if let Some(asked) = entry
        .searching
        .filter(|_| !during_this_search(session, entry))
    {
        let here = search(session).map_or("no search is under way there".to_string(), |n| {
            format!("search {n} is under way there")
        });
        return left_out(format!(
            "was typed during search {asked} (@s{asked}), but {here}"
        ));
    }
    let asked = entry.during?;
    let now = moment(session);
    if now == Some(asked) {
        return None;
    }
    let at = format!("@{}.{}", asked.order, asked.tick);
    let record = session.orders().iter().find(|r| r.number == asked.order);
    let why = if asked.order > session.orders_started() {
        let last = session
            .orders()
            .back()
            .map_or("none starts before it".to_string(), |r| {
                format!("the last before it, {}", moments(r.number, r.end()))
            });
        format!("is at moment {at}, past the link's orders: {last}")
    } else if let Some(r) = record.filter(|r| asked.tick >= r.end()) {
        format!(
            "is at moment {at}, past the end of {}",
            moments(r.number, r.end())
        )
    } else if let Some(now) = now {
        format!(
            "is at moment {at}, before @{}.{}, where the replay already is",
            now.order, now.tick
        )
    } else {
        let order = record.map_or(format!("order {}", asked.order), |r| {
            format!("{},", moments(r.number, r.end()))
        });
        format!("is at moment {at}, but {order} has ended before it")
    };
    left_out(why)
}

/// Order `number`, whose last round ends at tick `end`, and the moments a
/// command may be typed at during it.
fn moments(number: u64, end: u64) -> String {
    match end {
        // An army of one decides at once: nothing is ever in flight.
        0 => format!("order {number}, which decides at once and has no moments"),
        _ => format!(
            "order {number}, which takes moments @{number}.0 to @{number}.{}",
            end - 1
        ),
    }
}

/// `reach` spread over calls: each call brings the session toward an
/// entry's moment doing at most about `budget` units of engine work (see
/// `Exchange::advance_within`), and the next call goes on where it stopped.
/// The session goes through the very states and prints the very lines of
/// `reach`: a step cut short is resumed toward the same tick, so even an
/// order that completes on the way ends with its clock where `reach` leaves
/// it. The page replays a long link with it, a frame's budget at a time.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stride {
    /// Where the step cut short was going: the order in flight and a tick.
    until: Option<Moment>,
}

/// What one call of `Stride::reach` did.
#[derive(Debug, Default)]
pub struct Strode {
    /// The lines printed on the way (verdicts, queued commands).
    pub lines: Vec<Line>,
    /// Units of engine work done.
    pub spent: u64,
    /// The moment is reached (or, without one, nothing is in flight): the
    /// entry may be submitted. Otherwise the budget ran out first.
    pub reached: bool,
}

impl Stride {
    /// Moves `session` toward `during` within about `budget` units of work.
    pub fn reach(&mut self, session: &mut Session, during: Option<Moment>, budget: u64) -> Strode {
        let mut strode = Strode::default();
        while let Some(now) = moment(session) {
            // The step `reach` takes from here (or `Session::finish`, deadline
            // by deadline), unless one was cut short in this order.
            let until = match self.until.filter(|until| until.order == now.order) {
                Some(until) => until.tick,
                None => match during {
                    Some(target) if now >= target => break,
                    Some(target) if now.order == target.order => target.tick,
                    Some(_) => now.tick.saturating_add(super::limits::HOP_TICKS),
                    None => match session.exchange() {
                        Some(exchange) => now.tick + exchange.to_next_deadline(),
                        None => break,
                    },
                },
            };
            self.until = Some(Moment {
                order: now.order,
                tick: until,
            });
            if strode.spent >= budget {
                return strode;
            }
            let (lines, spent) =
                session.advance_counted(until.saturating_sub(now.tick), budget - strode.spent);
            strode.lines.extend(lines);
            strode.spent += spent;
            let cut = session.exchange().is_some_and(|exchange| {
                session.orders_started() == now.order
                    && (exchange.is_landing() || exchange.now() < until)
            });
            if cut {
                return strode;
            }
            self.until = None;
        }
        self.until = None;
        strode.reached = true;
        strode
    }
}

/// Replays an entry: reaches its moment, then submits it. Returns the lines
/// printed on the way and the command's own lines separately, so the page can
/// echo the command in between.
pub fn replay(session: &mut Session, entry: &Entry) -> (Vec<Line>, Vec<Line>) {
    let before = bring(session, entry);
    (before, submit(session, entry))
}

/// Brings `session` to where `entry` was typed: `reach`, and natively the
/// page's searches too. The page searched in a worker, so commands could be
/// typed while a search was under way (`@s`); natively the session defers its
/// searches from the first entry on and this answers each in place, as the
/// worker did, except the one such an entry must find under way (`@sN`:
/// search N). After the
/// last entry, `finish` (not `Session::finish`) answers what is left.
#[cfg(not(all(target_arch = "wasm32", feature = "page")))]
pub fn bring(session: &mut Session, entry: &Entry) -> Vec<Line> {
    session.defer_searches();
    let mut lines = Vec::new();
    loop {
        if !during_this_search(session, entry) {
            lines.extend(answer_search(session));
        }
        lines.extend(reach(session, entry.during));
        // Reaching the moment can start a search queued behind an order.
        if !session.is_searching() || during_this_search(session, entry) {
            return lines;
        }
    }
}

/// In the page's module searches go to a worker (`web::app` waits for it).
#[cfg(all(target_arch = "wasm32", feature = "page"))]
pub fn bring(session: &mut Session, entry: &Entry) -> Vec<Line> {
    reach(session, entry.during)
}

/// Runs everything in flight to its end, as `Session::finish` does, after
/// answering natively the search a replay left under way, if any.
pub fn finish(session: &mut Session) -> Vec<Line> {
    #[cfg(not(all(target_arch = "wasm32", feature = "page")))]
    {
        let mut lines = session.finish();
        while session.is_searching() {
            lines.extend(answer_search(session));
            lines.extend(session.finish());
        }
        lines
    }
    #[cfg(all(target_arch = "wasm32", feature = "page"))]
    session.finish()
}

/// Answers the search under way in place, as the page's worker would.
#[cfg(not(all(target_arch = "wasm32", feature = "page")))]
fn answer_search(session: &mut Session) -> Vec<Line> {
    match session.take_search_request() {
        Some(request) => session.resume_search(super::search_job::answer(&request)),
        None => Vec::new(),
    }
}

/// Submits an entry's line to `session` (refuses it, if it was unread).
pub fn submit(session: &mut Session, entry: &Entry) -> Vec<Line> {
    match entry.unread {
        Some(bytes) => session.refuse(overlong(bytes)),
        None => session.submit(&entry.text),
    }
}

fn encode_entry(entry: &Entry) -> String {
    let mut text = match entry.unread {
        Some(bytes) => format!("{UNREAD}{bytes}"),
        None => encode_text(&entry.text),
    };
    if let Some(m) = entry.during {
        text += &format!("@{}.{}", m.order, m.tick);
    }
    if let Some(n) = entry.searching {
        text += &format!("@s{n}");
    }
    text
}

/// A typed line in the link's alphabet (see the module comment).
pub fn encode_text(text: &str) -> String {
    let mut encoded = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' => encoded.push(byte as char),
            b' ' => encoded.push('_'),
            _ => encoded += &format!("%{byte:02X}"),
        }
    }
    encoded
}

/// The inverse of `encode_text`. Strict about escapes (a `%` must be followed
/// by two hex digits, and the bytes must be UTF-8), lenient about other
/// characters, which stand for themselves: a link a browser or a person
/// rewrote a little still reads.
pub fn decode_text(encoded: &str) -> Result<String, String> {
    let bytes = encoded.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = bytes
                    .get(i + 1..i + 3)
                    .and_then(|h| std::str::from_utf8(h).ok())
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
                    .filter(|_| bytes[i + 1].is_ascii_hexdigit());
                let Some(byte) = hex else {
                    // `get`, not `[i..]` (i is at a '%', a char boundary): str
                    // slicing that can panic costs the page Unicode's tables
                    // (see ui::completion::complete).
                    let shown: String = encoded.get(i..).unwrap_or("").chars().take(3).collect();
                    return Err(format!(
                        "{} is not an escape (% and two hex digits)",
                        quote(&shown)
                    ));
                };
                decoded.push(byte);
                i += 3;
            }
            b'_' => {
                decoded.push(b' ');
                i += 1;
            }
            other => {
                decoded.push(other);
                i += 1;
            }
        }
    }
    String::from_utf8(decoded).map_err(|_| "its escapes do not spell UTF-8 text".to_string())
}

/// Reads a link, collecting every problem; only the first is shown.
#[derive(Default)]
struct Reader {
    problems: Vec<String>,
}

impl Reader {
    fn problem(&mut self, text: String) {
        self.problems.push(text);
    }

    /// The one error line's text, if anything was wrong.
    fn report(&self) -> Option<String> {
        let first = self.problems.first()?;
        let more = match self.problems.len() - 1 {
            0 => String::new(),
            1 => " (and 1 more problem)".to_string(),
            n => format!(" (and {n} more problems)"),
        };
        Some(format!(
            "replay link: {first}{more}; starting with what could be read"
        ))
    }

    fn read(&mut self, text: &str) -> Link {
        let text = text.trim();
        let mut fragment = match (text.split_once('#'), text.split_once('?')) {
            (Some((_, fragment)), _) => fragment,
            (None, Some((_, query))) => query,
            (None, None) => text,
        };
        let length = fragment.chars().count();
        if length > MAX_LINK_CHARS {
            self.problem(format!(
                "it is {} characters long, over the limit of {}; only the commands within \
                 the first {} are replayed",
                thousands(length as u64),
                thousands(MAX_LINK_CHARS as u64),
                thousands(MAX_LINK_CHARS as u64)
            ));
            let cut = fragment
                .char_indices()
                .nth(MAX_LINK_CHARS)
                .map_or(fragment.len(), |(at, _)| at);
            // Cut at the last separator, so no command is replayed half-read.
            // (`split_at_checked` and `get`: see decode_text.)
            let (head, tail) = fragment.split_at_checked(cut).unwrap_or((fragment, ""));
            let whole = if tail.starts_with(['~', '&']) {
                cut
            } else {
                head.rfind(['~', '&']).unwrap_or(0)
            };
            fragment = fragment.get(..whole).unwrap_or("");
        }
        let mut link = Link::new(SessionOptions::default());
        let mut primary = None;
        let mut seen: Vec<&str> = Vec::new();
        for pair in fragment.split('&').filter(|p| !p.is_empty()) {
            let Some((key, value)) = pair.split_once('=') else {
                self.problem(format!("{} is not key=value", quote(pair)));
                continue;
            };
            if seen.contains(&key) {
                self.problem(format!("{} is given twice; the first is used", quote(key)));
                continue;
            }
            seen.push(key);
            let shown = quote(value);
            let options = &mut link.options;
            match key {
                "generals" => match whole_number::<usize>(value) {
                    Some(n) if (1..=MAX_GENERALS).contains(&n) => options.generals = n,
                    _ => self.problem(format!(
                        "generals={shown} must be a whole number from 1 to {MAX_GENERALS}, so 4 are used"
                    )),
                },
                "seed" => match whole_number::<u64>(value) {
                    Some(seed) => options.seed = Some(seed),
                    _ => self.problem(format!(
                        "seed={shown} must be a whole number from 0 to {}, so a random seed is used",
                        u64::MAX
                    )),
                },
                "primary" => match general_id(value) {
                    Some(id) => primary = Some((id, shown)),
                    _ => self.problem(format!(
                        "primary={shown} must be a general id, so the primary is drawn at random"
                    )),
                },
                "om" => match whole_number::<u32>(value) {
                    Some(m) if m <= MAX_DEPTH => options.depth = m,
                    _ => self.problem(format!(
                        "om={shown} must be a depth from 0 to {MAX_DEPTH}, so OM(1) is used"
                    )),
                },
                "c" => link.entries = self.entries(value),
                other => self.problem(format!(
                    "unknown key {}; a link has generals, seed, primary, om and c",
                    quote(other)
                )),
            }
        }
        if let Some((id, shown)) = primary {
            if (1..=link.options.generals as u32).contains(&id) {
                link.options.primary = Some(id);
            } else {
                self.problem(format!(
                    "primary={shown} is not one of the {} generals, so the primary is drawn at random",
                    link.options.generals
                ));
            }
        }
        link
    }

    /// The commands up to the first one that cannot be read.
    fn entries(&mut self, value: &str) -> Vec<Entry> {
        let mut entries = Vec::new();
        for (index, piece) in value.split('~').enumerate() {
            if piece.is_empty() {
                continue;
            }
            match read_entry(piece) {
                Ok(entry) => entries.push(entry),
                Err(problem) => {
                    self.problem(format!(
                        "command {} {}: {problem}; it and the commands after it are left out",
                        index + 1,
                        quote(piece)
                    ));
                    break;
                }
            }
        }
        entries
    }
}

fn read_entry(piece: &str) -> Result<Entry, String> {
    let (text, during, searching) = match piece.split_once('@') {
        None => (piece, None, None),
        Some((text, search)) if search.starts_with('s') => {
            let number = search.strip_prefix('s').and_then(whole_number::<u64>);
            match number.filter(|&n| n >= 1) {
                Some(n) => (text, None, Some(n)),
                None => {
                    return Err(format!(
                        "{} is not a search @sN (search N from 1)",
                        quote(search)
                    ))
                }
            }
        }
        Some((text, moment)) => {
            let parsed = moment.split_once('.').and_then(|(order, tick)| {
                let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
                if !digits(order) || !digits(tick) {
                    return None;
                }
                Some(Moment {
                    order: order.parse().ok().filter(|&k| k >= 1)?,
                    tick: tick.parse().ok()?,
                })
            });
            match parsed {
                Some(m) => (text, Some(m), None),
                None => {
                    return Err(format!(
                        "{} is not a moment @K.T (order K from 1, tick T)",
                        quote(moment)
                    ))
                }
            }
        }
    };
    let unread = text
        .strip_prefix(UNREAD)
        .filter(|b| !b.is_empty() && b.bytes().all(|d| d.is_ascii_digit()));
    if let Some(bytes) = unread {
        return match whole_number::<u64>(bytes).filter(|&b| b > MAX_LINE_BYTES as u64) {
            Some(bytes) => Ok(Entry {
                text: String::new(),
                during,
                searching,
                unread: Some(bytes),
            }),
            None => Err(format!(
                "{} is not a line too long to read ({UNREAD} and more than {} bytes)",
                quote(text),
                thousands(MAX_LINE_BYTES as u64)
            )),
        };
    }
    let text = decode_text(text)?;
    if text.trim().is_empty() {
        return Err("it is blank".into());
    }
    Ok(Entry {
        text,
        during,
        searching,
        unread: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(generals: usize, seed: u64, primary: Option<u32>) -> SessionOptions {
        SessionOptions {
            generals,
            seed: Some(seed),
            primary,
            depth: 1,
        }
    }

    fn entry(text: &str) -> Entry {
        Entry::typed(text)
    }

    #[test]
    fn a_link_is_readable() {
        let mut link = Link::new(options(4, 7, Some(1)));
        link.entries = vec![
            entry("g-state 3 faulty"),
            entry("actual-order attack"),
            Entry {
                during: Some(Moment {
                    order: 1,
                    tick: 600,
                }),
                ..entry("g-state")
            },
        ];
        assert_eq!(
            link.fragment(),
            "generals=4&seed=7&primary=1&om=1&c=g-state_3_faulty~actual-order_attack~g-state@1.600"
        );
        assert_eq!(Link::parse(&format!("#{}", link.fragment())), (link, None));
    }

    #[test]
    fn odd_lines_are_escaped_and_come_back() {
        for text in [
            "G-STATE  3\tFaulty ",
            "under_score~tilde@at&amp=eq#hash%pct+plus",
            "\u{202e}ünï©ødé 🎖",
            "  leading",
        ] {
            let encoded = encode_text(text);
            assert!(
                encoded
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-._%".contains(&b)),
                "{encoded}"
            );
            assert_eq!(decode_text(&encoded).as_deref(), Ok(text));
        }
        assert_eq!(encode_text("a_b c"), "a%5Fb_c");
    }

    #[test]
    fn a_whole_address_or_a_query_reads_too() {
        let expected = (
            Link {
                options: options(5, 3, None),
                entries: vec![entry("help")],
                full: false,
            },
            None,
        );
        assert_eq!(
            Link::parse("https://example.org/gen/?x=1#generals=5&seed=3&c=help"),
            expected
        );
        assert_eq!(Link::parse("?generals=5&seed=3&c=help"), expected);
        assert_eq!(Link::parse("generals=5&seed=3&om=1&c=help~"), expected);
        assert_eq!(
            Link::parse(""),
            (Link::new(SessionOptions::default()), None)
        );
    }

    #[test]
    fn bad_options_are_one_problem_line_and_defaults() {
        let (link, problem) = Link::parse("#generals=0&seed=x&primary=9&om=99&zz=1&c=help");
        assert_eq!(link.options, SessionOptions::default());
        assert_eq!(link.entries, [entry("help")]);
        assert_eq!(
            problem.as_deref(),
            Some(
                "replay link: generals='0' must be a whole number from 1 to 1000, so 4 are used \
                 (and 4 more problems); starting with what could be read"
            )
        );
    }

    #[test]
    fn a_bad_command_cuts_off_the_rest() {
        let (link, problem) = Link::parse("#seed=1&c=g-state~g-kill_%Z2~actual-order_attack");
        assert_eq!(link.entries, [entry("g-state")]);
        assert_eq!(
            problem.as_deref(),
            Some(
                "replay link: command 2 'g-kill_%Z2': '%Z2' is not an escape (% and two hex \
                 digits); it and the commands after it are left out; starting with what could be read"
            )
        );
        for (bad, why) in [
            ("c=help@1", "'1' is not a moment @K.T"),
            ("c=help@0.5", "'0.5' is not a moment"),
            ("c=help@1.-5", "'1.-5' is not a moment"),
            ("c=%FF", "its escapes do not spell UTF-8 text"),
            ("c=%E2%82", "its escapes do not spell UTF-8 text"),
            ("c=ab%4", "'%4' is not an escape"),
            ("c=___", "it is blank"),
        ] {
            let (link, problem) = Link::parse(bad);
            assert!(link.entries.is_empty(), "{bad}");
            assert!(
                problem.as_ref().is_some_and(|p| p.contains(why)),
                "{bad}: {problem:?}"
            );
        }
    }

    #[test]
    fn an_oversized_link_replays_whole_commands_within_the_bound() {
        let command = "g-state_1_faulty~";
        let fragment = format!(
            "seed=9&c={}",
            command.repeat(MAX_LINK_CHARS / command.len() + 5)
        );
        let (link, problem) = Link::parse(&fragment);
        assert!(problem.unwrap().contains("over the limit of"));
        assert!(!link.entries.is_empty());
        assert!(link.entries.iter().all(|e| e.text == "g-state 1 faulty"));
        let whole_within = (MAX_LINK_CHARS - "seed=9&c=".len()) / command.len();
        assert_eq!(link.entries.len(), whole_within);
        assert_eq!(link.options.seed, Some(9));
    }

    #[test]
    fn recording_stops_at_the_bound() {
        let session = Session::new(options(4, 1, None)).unwrap();
        let mut link = Link::new(options(4, 1, None));
        let long = "x".repeat(1000);
        let mut kept = 0;
        while link.record(&session, &long).is_ok() {
            kept += 1;
        }
        assert_eq!(link.entries.len(), kept);
        assert!(
            kept >= 7,
            "at least 8,000 characters fit: {kept} lines of 1,000"
        );
        assert!(link.fragment().len() <= MAX_LINK_CHARS);
        assert_eq!(
            link.record(&session, "   "),
            Ok(()),
            "blank lines are not kept"
        );
        // A short line would fit, but the line before it did not: keeping
        // it would replay a session with a gap.
        assert_eq!(link.record(&session, "help"), Err(LinkFull));
        assert_eq!(link.entries.len(), kept);
    }

    /// Replays `fragment` as the front ends do: each command brought to its
    /// moment, then run, up to a moment that cannot be reached. Every line,
    /// with `> ` before each command.
    fn replayed(fragment: &str) -> Vec<String> {
        let (link, problem) = Link::parse(fragment);
        assert_eq!(problem, None);
        let mut session = Session::new(link.options).unwrap();
        let mut lines = Vec::new();
        for (index, entry) in link.entries.iter().enumerate() {
            lines.extend(reach(&mut session, entry.during));
            if let Some(problem) = missed(&session, index + 1, entry) {
                lines.push(Line::error(problem));
                break;
            }
            lines.push(Line::output(format!("> {}", entry.text)));
            lines.extend(submit(&mut session, entry));
        }
        lines.extend(session.finish());
        lines.into_iter().map(|l| l.text).collect()
    }

    fn errors(lines: &[String]) -> Vec<&str> {
        lines
            .iter()
            .filter(|l| l.starts_with("error: "))
            .map(String::as_str)
            .collect()
    }

    #[test]
    fn a_moment_the_replay_cannot_reach_says_which_and_what_the_orders_allow() {
        let cases = [
            (
                "generals=4&seed=2&c=g-state@1.5~g-kill_2",
                "error: replay link: command 1 'g-state' is at moment @1.5, past the link's \
                 orders: none starts before it; it and the commands after it are left out",
            ),
            (
                "generals=4&seed=2&c=actual-order_attack~g-state~g-state@1.5",
                "error: replay link: command 3 'g-state' is at moment @1.5, but order 1, which \
                 takes moments @1.0 to @1.2399, has ended before it; it and the commands after \
                 it are left out",
            ),
            (
                "generals=4&seed=2&c=actual-order_attack~g-state@1.600~g-state@1.300",
                "error: replay link: command 3 'g-state' is at moment @1.300, before @1.600, \
                 where the replay already is; it and the commands after it are left out",
            ),
            (
                "generals=1&seed=2&c=actual-order_attack~g-state@1.0",
                "error: replay link: command 2 'g-state' is at moment @1.0, past the end of \
                 order 1, which decides at once and has no moments; it and the commands after \
                 it are left out",
            ),
            (
                "generals=4&seed=2&c=actual-order_attack~!2000@3.0",
                "error: replay link: command 2 '!2000' is at moment @3.0, past the link's \
                 orders: the last before it, order 1, which takes moments @1.0 to @1.2399; it \
                 and the commands after it are left out",
            ),
        ];
        for (fragment, error) in cases {
            let lines = replayed(fragment);
            assert_eq!(errors(&lines), [error], "{fragment}");
            // Nothing of the command or those after it ran.
            let at = lines.iter().position(|l| l == error).unwrap();
            assert!(
                !lines[at..].iter().any(|l| l.starts_with("> ")),
                "{lines:?}"
            );
        }
    }
}
