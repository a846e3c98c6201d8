//! `g-search` as a job for another thread. The page's module does not carry
//! the adversary search (README, "Two wasm modules"): its session hands the
//! search's inputs out as a `SearchRequest`, the page sends it as text to a
//! worker running the Experiments module, whose `run` does the search with
//! this engine and answers with a `SearchAnswer` as text, and the session
//! resumes with it (`Session::resume_search`). Natively the session runs
//! `answer` itself, in place; tests/search_job.rs holds both paths to the
//! same lines.
//!
//! The texts are the engine's own, versioned, and never shown to anyone:
//!
//! - request: `search1 <om|sm> <m> <order> <primary> <seed> <stream> <pos>
//!   <member>...`, words separated by spaces. `<seed>` is the session
//!   generator's 32-byte seed in hex, `<stream>` its stream and `<pos>` its
//!   word position as `<high>.<low>` (two u64), so the worker's copy of the
//!   generator is the session's; a member is `<id>` when loyal, `<id>:<strategy>`
//!   when faulty.
//! - answer: three lines: the generator's word position after the search
//!   (`<high>.<low>`, so the session's stream moves exactly as if it had
//!   searched itself); the replay's conducts, one word per member (`l`
//!   loyal, `f:<strategy>`, `s:<moves>` with `a` attack, `r` retreat, `w`
//!   withhold), or `-` for no replay; then the search's first line, its kind
//!   (`n` note, `e` error) followed by its text.

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::adversary::{Conduct, Move, Strategy};
use super::order::Order;
use super::output::{Line, LineKind};
use super::protocol::{Kind, Protocol};
use super::roster::{GeneralId, Loyalty, Member, Roster};

/// What a search needs: the army, the protocol, the order's value and the
/// session's generator as it stands (a randomised search draws one u64).
#[derive(Clone, Debug)]
pub struct SearchRequest {
    pub roster: Roster,
    pub protocol: Protocol,
    pub order: Order,
    pub rng: ChaCha8Rng,
}

/// What a search concluded, as the session needs it: its first line (the
/// `search:` note, or the `error:` line of an order that would be refused),
/// the behaviour to replay, if one broke IC1 or IC2, and where the session's
/// generator stands after it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchAnswer {
    pub first: Line,
    pub replay: Option<Vec<Conduct>>,
    pub rng_word_pos: u128,
}

const VERSION: &str = "search1";

/// `<high>.<low>`: a u128 as two u64, whose formatting the page has anyway.
fn split(value: u128) -> String {
    format!("{}.{}", (value >> 64) as u64, value as u64)
}

fn unsplit(word: &str) -> Result<u128, String> {
    let (high, low) = word.split_once('.').ok_or("a position is <high>.<low>")?;
    let number = |w: &str| w.parse::<u64>().map_err(|_| format!("not a number: '{w}'"));
    Ok(u128::from(number(high)?) << 64 | u128::from(number(low)?))
}

/// Conducts as words, one per member: `l` loyal, `f:<strategy>`,
/// `s:<moves>` (`a` attack, `r` retreat, `w` withhold).
pub fn encode_conducts(conducts: &[Conduct]) -> String {
    conducts
        .iter()
        .map(|conduct| match conduct {
            Conduct::Loyal => "l".to_string(),
            Conduct::Faulty(strategy) => format!("f:{strategy}"),
            Conduct::Scripted(moves) => {
                let mut word = String::from("s:");
                word.extend(moves.iter().map(|m| match m {
                    Move::Send(Order::Attack) => 'a',
                    Move::Send(Order::Retreat) => 'r',
                    Move::Withhold => 'w',
                }));
                word
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Reads `encode_conducts`'s words back.
pub fn decode_conducts(words: &str) -> Result<Vec<Conduct>, String> {
    words
        .split(' ')
        .map(|word| match word.split_once(':') {
            None if word == "l" => Ok(Conduct::Loyal),
            Some(("f", s)) => Strategy::parse(s)
                .map(Conduct::Faulty)
                .ok_or("a bad strategy"),
            Some(("s", moves)) => moves
                .chars()
                .map(|c| match c {
                    'a' => Ok(Move::Send(Order::Attack)),
                    'r' => Ok(Move::Send(Order::Retreat)),
                    'w' => Ok(Move::Withhold),
                    _ => Err("a bad move"),
                })
                .collect::<Result<Vec<Move>, _>>()
                .map(Conduct::Scripted),
            _ => Err("a bad conduct"),
        })
        .collect::<Result<Vec<Conduct>, _>>()
        .map_err(String::from)
}

impl SearchRequest {
    pub fn new(roster: &Roster, protocol: Protocol, order: Order, rng: &ChaCha8Rng) -> Self {
        SearchRequest {
            roster: roster.clone(),
            protocol,
            order,
            rng: rng.clone(),
        }
    }

    /// The request as text (see the module comment).
    pub fn encode(&self) -> String {
        let mut seed = String::with_capacity(64);
        for byte in self.rng.get_seed() {
            seed += &format!("{byte:02X}");
        }
        let mut text = format!(
            "{VERSION} {} {} {} {} {seed} {} {}",
            self.protocol.kind.word(),
            self.protocol.depth,
            self.order.as_str(),
            self.roster.primary().0,
            self.rng.get_stream(),
            split(self.rng.get_word_pos()),
        );
        for member in self.roster.members() {
            text += &format!(" {}", member.id.0);
            if member.loyalty.is_faulty() {
                text += &format!(":{}", member.strategy.as_str());
            }
        }
        text
    }

    /// Reads `encode`'s text back; says what is wrong with any other.
    pub fn decode(text: &str) -> Result<SearchRequest, String> {
        let mut words = text.split(' ');
        let mut next = |what: &str| words.next().ok_or(format!("no {what}"));
        if next("version")? != VERSION {
            return Err(format!("not a {VERSION} request"));
        }
        let kind = Kind::parse(next("protocol")?).ok_or("an unknown protocol")?;
        let depth = next("depth")?.parse().map_err(|_| "a bad depth")?;
        let order = Order::parse(next("order")?).ok_or("an unknown order")?;
        let primary = next("primary")?.parse().map_err(|_| "a bad primary")?;
        let hex = next("seed")?;
        let mut seed = [0u8; 32];
        if hex.len() != 64 || !hex.is_ascii() {
            return Err("a seed is 64 hex digits".into());
        }
        for (byte, pair) in seed.iter_mut().zip(hex.as_bytes().chunks(2)) {
            let pair = std::str::from_utf8(pair).map_err(|_| "a bad seed")?;
            *byte = u8::from_str_radix(pair, 16).map_err(|_| "a bad seed")?;
        }
        let stream = next("stream")?.parse().map_err(|_| "a bad stream")?;
        let word_pos = unsplit(next("position")?)?;
        let members = words
            .map(|word| {
                let (id, strategy) = match word.split_once(':') {
                    Some((id, s)) => (id, Some(Strategy::parse(s).ok_or("a bad strategy")?)),
                    None => (word, None),
                };
                Ok(Member {
                    id: GeneralId(id.parse().map_err(|_| "a bad id")?),
                    loyalty: match strategy {
                        Some(_) => Loyalty::Faulty,
                        None => Loyalty::NonFaulty,
                    },
                    strategy: strategy.unwrap_or_default(),
                })
            })
            .collect::<Result<Vec<Member>, String>>()?;
        let roster = Roster::from_members(members, GeneralId(primary)).ok_or("a bad army")?;
        let mut rng = ChaCha8Rng::from_seed(seed);
        rng.set_stream(stream);
        rng.set_word_pos(word_pos);
        Ok(SearchRequest {
            roster,
            protocol: Protocol { kind, depth },
            order,
            rng,
        })
    }
}

impl SearchAnswer {
    /// The answer as text (see the module comment).
    pub fn encode(&self) -> String {
        let conducts = match &self.replay {
            None => "-".to_string(),
            Some(conducts) => encode_conducts(conducts),
        };
        let kind = if self.first.kind == LineKind::Error {
            'e'
        } else {
            'n'
        };
        format!(
            "{}\n{conducts}\n{kind}{}",
            split(self.rng_word_pos),
            self.first.text
        )
    }

    /// Reads `encode`'s text back; says what is wrong with any other.
    pub fn decode(text: &str) -> Result<SearchAnswer, String> {
        let mut lines = text.splitn(3, '\n');
        let rng_word_pos = unsplit(lines.next().unwrap_or_default())?;
        let conducts = lines.next().ok_or("no replay")?;
        let first = lines.next().ok_or("no line")?;
        let replay = match conducts {
            "-" => None,
            words => Some(decode_conducts(words)?),
        };
        let first = match first.split_at_checked(1) {
            Some(("n", text)) => Line::note(text),
            Some(("e", text)) => Line {
                kind: LineKind::Error,
                text: text.to_string(),
            },
            _ => return Err("a bad line".into()),
        };
        Ok(SearchAnswer {
            first,
            replay,
            rng_word_pos,
        })
    }
}

/// Runs the search a request asks for, on a copy of the session's generator.
/// The page's module never calls it (it hands the request to a worker), so
/// the search is not linked into it.
pub fn answer(request: &SearchRequest) -> SearchAnswer {
    use super::search::{describe, search, Report};
    let mut rng = request.rng.clone();
    let report = search(&request.roster, request.protocol, request.order, &mut rng);
    let first = match &report {
        Report::Refused(refused) => Line::error(super::session::explain_refusal(refused)),
        report => Line::note(describe(report)),
    };
    SearchAnswer {
        first,
        replay: report.replay(),
        rng_word_pos: rng.get_word_pos(),
    }
}

/// The worker's whole job: a request's text in, the answer's text out.
pub fn run(request: &str) -> Result<String, String> {
    Ok(answer(&SearchRequest::decode(request)?).encode())
}
