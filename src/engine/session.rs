//! A console session: the roster, the one seeded random generator, the
//! protocol (OM(m) or SM(m)), and the exchange in flight. Both front ends talk only to
//! this: `submit` a line, then either `advance` logical time (the page, frame
//! by frame) or `finish` (the command line). Commands that would change the
//! army while an order is in flight wait in a queue and run, in order, when
//! it completes.

use std::collections::VecDeque;

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::adversary::Conduct;
use super::check::{self, Check};
use super::command::{parse, Command, ParseError};
use super::exchange::{Exchange, Refusal};
use super::inspection::inspect;
use super::limits::{MAX_GENERALS, MAX_KEPT_ORDERS, MESSAGE_CAP};
use super::order::Majority;
use super::order::Order;
use super::output::{self, counted, noun, thousands, Line};
use super::protocol::paths::{path_count, Node};
use super::protocol::{Kind, Protocol};
use super::roster::{GeneralId, Roster, RosterError};
use super::search_job::{SearchAnswer, SearchRequest};
use super::timeline::OrderRecord;
use super::verdict::Verdict;

/// How a session starts: the command line's arguments or the page's URL.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SessionOptions {
    pub generals: usize,
    /// `None`: draw one from the operating system or browser, and print it.
    pub seed: Option<u64>,
    /// `None`: chosen uniformly at random from the session's generator.
    pub primary: Option<u32>,
    /// m in OM(m) (a session starts with oral messages; `g-protocol sm <M>`
    /// switches to signed ones).
    pub depth: u32,
}

impl Default for SessionOptions {
    fn default() -> SessionOptions {
        SessionOptions {
            generals: 4,
            seed: None,
            primary: None,
            depth: 1,
        }
    }
}

impl SessionOptions {
    pub fn validate(&self) -> Result<(), String> {
        if !(1..=MAX_GENERALS).contains(&self.generals) {
            return Err(format!(
                "the number of generals must be from 1 to {MAX_GENERALS}, not {}",
                self.generals
            ));
        }
        if let Some(primary) = self.primary {
            if !(1..=self.generals as u32).contains(&primary) {
                return Err(format!(
                    "the primary must be one of the generals, 1 to {}, not {primary}",
                    self.generals
                ));
            }
        }
        Ok(())
    }
}

/// A seed from the operating system or the browser's crypto source. Should
/// that source ever fail, a fixed seed still gives a working session, and the
/// banner prints it as always, so nothing is lost but variety.
pub fn fresh_seed() -> u64 {
    getrandom::u64().unwrap_or(0x5eed_0fb1_2a27_1700)
}

/// A completed order: the exchange as it ended, the spec's verdict, and the
/// IC1/IC2 check of the decisions it reached.
#[derive(Clone, Debug)]
pub struct Completed {
    pub exchange: Exchange,
    pub verdict: Verdict,
    pub check: Check,
}

#[derive(Debug)]
pub struct Session {
    seed: u64,
    rng: ChaCha8Rng,
    roster: Roster,
    protocol: Protocol,
    /// The exchange in flight, if an order is being carried out.
    running: Option<Exchange>,
    /// Lines waiting behind the order in flight, in the order typed: a
    /// command, or the error of a line that did not parse, kept in its place
    /// so the page prints it where the command line does.
    queue: VecDeque<Result<Command, ParseError>>,
    /// The last completed order, until the army changes.
    last: Option<Completed>,
    /// The value of the last order given, kept across army changes: what
    /// `g-search` tells the commander (attack before any order).
    last_value: Option<Order>,
    ended: bool,
    /// Orders started in this console session, `start` included: order K of
    /// a replay link's moments and of a trace.
    orders_started: u64,
    /// What re-runs each order (the latest `MAX_KEPT_ORDERS`), for the
    /// timeline and the trace; the one in flight, if any, is the last.
    orders: VecDeque<OrderRecord>,
    /// The general the last `inspect` showed, until a front end takes it
    /// (the page opens its inspector on it).
    inspected: Option<GeneralId>,
    /// A `g-search` under way in a worker: the value its replay will order.
    /// Commands wait behind it as behind an order (see `search_job`).
    searching: Option<Order>,
    /// Its request, until the front end takes it to send.
    search_request: Option<SearchRequest>,
    /// Searches started in this console session, `start` included: search
    /// N of a replay link's `@sN`.
    searches_started: u64,
    /// Hand every `g-search` out as a request instead of searching in
    /// place: always so in the page's module, which has no search.
    #[cfg_attr(all(target_arch = "wasm32", feature = "page"), allow(dead_code))]
    defers_search: bool,
}

impl Session {
    pub fn new(options: SessionOptions) -> Result<Session, String> {
        options.validate()?;
        let seed = options.seed.unwrap_or_else(fresh_seed);
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        // Drawn as u32, not usize, so 64-bit native and 32-bit wasm agree.
        let primary = match options.primary {
            Some(primary) => primary,
            None => rng.random_range(1..=options.generals as u32),
        };
        Ok(Session {
            seed,
            rng,
            roster: Roster::new(options.generals, primary),
            protocol: Protocol::oral(options.depth),
            running: None,
            queue: VecDeque::new(),
            last: None,
            last_value: None,
            ended: false,
            orders_started: 0,
            orders: VecDeque::new(),
            inspected: None,
            searching: None,
            search_request: None,
            searches_started: 0,
            defers_search: false,
        })
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }

    pub fn roster(&self) -> &Roster {
        &self.roster
    }

    /// m, the depth of the protocol.
    pub fn depth(&self) -> u32 {
        self.protocol.depth
    }

    /// OM(m) or SM(m), as set by `g-protocol`.
    pub fn protocol(&self) -> Protocol {
        self.protocol
    }

    /// The exchange in flight, if an order is being carried out.
    pub fn exchange(&self) -> Option<&Exchange> {
        self.running.as_ref()
    }

    pub fn is_busy(&self) -> bool {
        self.running.is_some()
    }

    /// Whether a `g-search` is under way in a worker (never natively, unless
    /// `defer_searches` was called).
    pub fn is_searching(&self) -> bool {
        self.searching.is_some()
    }

    /// An order in flight or a search under way: commands wait behind either.
    fn is_waiting(&self) -> bool {
        self.running.is_some() || self.searching.is_some()
    }

    /// From now on `g-search` hands its inputs out (`take_search_request`)
    /// and waits for `resume_search` instead of searching in place, as it
    /// always does in the page's module. Kept by `start <N>`.
    pub fn defer_searches(&mut self) {
        self.defers_search = true;
    }

    /// The search a `g-search` asks for, once: the front end sends it to a
    /// worker and gives its answer to `resume_search`.
    pub fn take_search_request(&mut self) -> Option<SearchRequest> {
        self.search_request.take()
    }

    pub fn is_ended(&self) -> bool {
        self.ended
    }

    /// Orders started so far; the one in flight, if any, is the last.
    pub fn orders_started(&self) -> u64 {
        self.orders_started
    }

    /// Searches started so far; the one under way, if any, is the last.
    pub fn searches_started(&self) -> u64 {
        self.searches_started
    }

    /// The session's orders, oldest first (the latest `MAX_KEPT_ORDERS`);
    /// the one in flight, if any, is the last.
    pub fn orders(&self) -> &VecDeque<OrderRecord> {
        &self.orders
    }

    /// A session that shows `record` as it was at `tick` (see `timeline`):
    /// its army, the exchange at that instant, and the generator as it stood
    /// then, so `advance` plays it on exactly as it ran. A view for the
    /// page's timeline; commands go to the present session, never to it.
    pub fn viewing(&self, record: &OrderRecord, tick: u64) -> Option<Session> {
        let (exchange, rng) = record.at(tick)?;
        let mut view = Session {
            seed: self.seed,
            rng,
            roster: record.roster.clone(),
            protocol: record.protocol,
            running: Some(exchange),
            queue: VecDeque::new(),
            last: None,
            last_value: Some(record.order),
            ended: false,
            orders_started: record.number,
            orders: VecDeque::new(),
            inspected: None,
            searching: None,
            search_request: None,
            searches_started: 0,
            defers_search: true,
        };
        // A completed order shows its verdict and rings.
        view.complete_if_done();
        Some(view)
    }

    /// The verdict of the last order, until the army changes.
    pub fn last_verdict(&self) -> Option<&Verdict> {
        self.last.as_ref().map(|done| &done.verdict)
    }

    /// The IC1/IC2 check of the last order, until the army changes.
    pub fn last_check(&self) -> Option<&Check> {
        self.last.as_ref().map(|done| &done.check)
    }

    /// The last completed order, until the army changes.
    pub fn last_order(&self) -> Option<&Completed> {
        self.last.as_ref()
    }

    /// The exchange in flight, or else the last completed one while the army
    /// is unchanged: what the inspector shows a general heard.
    pub fn latest_exchange(&self) -> Option<&Exchange> {
        self.running
            .as_ref()
            .or(self.last.as_ref().map(|done| &done.exchange))
    }

    /// The first line of a session: what it is, who is primary, its seed,
    /// how to get help, and, if the army is too small for the depth asked,
    /// where OM(m) stops.
    pub fn banner(&self) -> Line {
        let n = self.roster.len();
        let generals = format!("{n} {}", noun(n as u64, "general"));
        let reached = self.protocol.reached(n);
        let clamp = if reached != self.protocol {
            format!(" (with {generals} the recursion stops at {reached})")
        } else {
            String::new()
        };
        Line::note(format!(
            "Byzantine generals: {generals}, {} primary, {}{clamp}, seed {}. \
             Type help for the commands.",
            self.roster.primary(),
            self.protocol,
            self.seed
        ))
    }

    /// The general an `inspect` command showed since the last call, if any:
    /// the page opens its inspector on it. Taken once, so a later frame does
    /// not reopen an inspector the user has closed.
    pub fn take_inspected(&mut self) -> Option<GeneralId> {
        self.inspected.take()
    }

    /// Whether this command line is already waiting behind the order in
    /// flight: the page ignores a repeated click on a pending action.
    pub fn is_queued(&self, input: &str) -> bool {
        matches!(parse(input), Ok(Some(command)) if self.queue.contains(&Ok(command)))
    }

    /// Parses and carries out one line of input.
    pub fn submit(&mut self, input: &str) -> Vec<Line> {
        match parse(input) {
            Ok(Some(command)) => self.execute(command),
            Ok(None) => Vec::new(),
            Err(problem) => self.refuse(problem),
        }
    }

    /// Answers a line that did not parse: its error line now, or, while an
    /// order is in flight, in its place in the queue. The command line,
    /// which runs each order to completion before reading on, prints it
    /// after the verdict and whatever was queued before it; so must the page.
    pub fn refuse(&mut self, problem: ParseError) -> Vec<Line> {
        if !self.is_waiting() {
            return vec![Line::error(problem)];
        }
        self.queue.push_back(Err(problem));
        vec![self.queued_note()]
    }

    fn queued_note(&self) -> Line {
        let behind = match self.running {
            None if self.searching.is_some() => "the search",
            _ => "the order in flight",
        };
        Line::note(format!(
            "queued until {behind} completes ({} waiting)",
            self.queue.len()
        ))
    }

    /// Carries out a command now, or queues it behind the exchange in flight.
    pub fn execute(&mut self, command: Command) -> Vec<Line> {
        if self.ended && !matches!(command, Command::Start { .. } | Command::Help) {
            return vec![Line::error(
                "the session has ended; type start <N> to begin a new one with N generals",
            )];
        }
        let must_wait = match command {
            Command::Start { .. } | Command::Exit => false,
            // Everything waits for a search: its replay is an order to come.
            _ if self.searching.is_some() => true,
            _ if !self.is_busy() => false,
            // A reading command may not overtake a queued change, or it would
            // show the army as it was rather than as the transcript says.
            _ => !command.is_reading() || !self.queue.is_empty(),
        };
        if must_wait {
            self.queue.push_back(Ok(command));
            return vec![self.queued_note()];
        }
        self.apply(command)
    }

    fn apply(&mut self, command: Command) -> Vec<Line> {
        match command {
            Command::Status => output::status(&self.roster),
            Command::Help => output::help(),
            Command::ListFaulty => output::faulty(&self.roster),
            Command::ShowProtocol => {
                let mut lines = vec![self.describe_protocol()];
                lines.extend(self.last_order_against_formula());
                lines
            }
            Command::SetProtocol { protocol } => {
                self.protocol = protocol;
                vec![self.describe_protocol()]
            }
            Command::SetState {
                id,
                loyalty,
                strategy,
            } => self.change(|r| r.set_state(id, loyalty, strategy), output::states),
            Command::Kill { id } => self.change(|r| r.kill(id), output::states),
            Command::Add { count } => self.change(|r| r.add(count), output::roles),
            Command::Search => self.search(),
            Command::Order(order) => {
                self.last_value = Some(order);
                let conducts = self.roster.members().iter().map(|m| m.conduct()).collect();
                self.start_order(order, conducts)
                    .unwrap_or_else(|refused| vec![Line::error(explain_refusal(&refused))])
            }
            Command::Inspect { id } => match inspect(self, GeneralId(id)) {
                Some(inspection) => {
                    self.inspected = Some(GeneralId(id));
                    inspection.lines()
                }
                None => vec![Line::error(self.explain(RosterError::NoSuchGeneral(id)))],
            },
            Command::Start { generals } => {
                let mut lines: Vec<Line> = self.abandon().into_iter().collect();
                lines.extend(self.restart(generals));
                lines
            }
            Command::Exit => {
                self.ended = true;
                self.inspected = None;
                // What comes next is the front end's to say: the page
                // offers `start <N>`, the command line exits.
                let mut lines = vec![Line::note("Session ended: the generals stop.")];
                lines.extend(self.abandon());
                lines
            }
        }
    }

    /// Gives up what is under way when `exit` or `start` acts at once: the
    /// order or search in flight and the commands queued behind it. Says
    /// so, if anything was, so nothing is lost without a word.
    fn abandon(&mut self) -> Option<Line> {
        let abandoned = self.running.take().is_some();
        let searched = self.searching.take().is_some();
        self.search_request = None;
        let dropped = std::mem::take(&mut self.queue).len() as u64;
        (abandoned || searched).then(|| {
            Line::note(format!(
                "The {} in flight was abandoned; {} queued behind it {} dropped.",
                if searched { "search" } else { "order" },
                counted(dropped, "command"),
                if dropped == 1 { "was" } else { "were" }
            ))
        })
    }

    /// `g-search`: the one `search: ` note, then, if a behaviour breaks IC1
    /// or IC2, that behaviour replayed as an order through the usual path
    /// (animated in the page, verdict lines on the command line). Searched
    /// in place, or, deferred, handed out and resumed by `resume_search`.
    fn search(&mut self) -> Vec<Line> {
        let order = self.last_value.unwrap_or(Order::Attack);
        let request = SearchRequest::new(&self.roster, self.protocol, order, &self.rng);
        self.searching = Some(order);
        self.searches_started += 1;
        #[cfg(not(all(target_arch = "wasm32", feature = "page")))]
        if !self.defers_search {
            return self.resume_search(super::search_job::answer(&request));
        }
        self.search_request = Some(request);
        Vec::new()
    }

    /// Finishes the `g-search` under way with its answer: its first line,
    /// then the replay of the behaviour found, if any, and what was queued
    /// behind it. Nothing if no search is under way (it was abandoned).
    pub fn resume_search(&mut self, answer: SearchAnswer) -> Vec<Line> {
        let Some(order) = self.searching.take() else {
            return Vec::new();
        };
        self.search_request = None;
        // The generator moves as the search moved it (a randomised search
        // draws one u64), wherever it ran.
        self.rng.set_word_pos(answer.rng_word_pos);
        let mut lines = vec![answer.first];
        if let Some(conducts) = answer.replay {
            // Scripts and the structured strategies draw nothing, so the
            // replay leaves the session's generator as the search left it.
            let replayed = match conducts.len() == self.roster.len() {
                true => self
                    .start_order(order, conducts)
                    .map_err(|r| explain_refusal(&r)),
                false => Err("the search's answer does not fit this army".into()),
            };
            lines.extend(replayed.unwrap_or_else(|problem| vec![Line::error(problem)]));
        }
        lines.extend(self.run_queued());
        lines
    }

    /// Gives up the `g-search` under way (its worker failed): one `error:`
    /// line saying why, nothing changed, then what was queued behind it.
    pub fn cancel_search(&mut self, problem: &str) -> Vec<Line> {
        if self.searching.take().is_none() {
            return Vec::new();
        }
        self.search_request = None;
        let mut lines = vec![Line::error(format!(
            "g-search could not run, so nothing changed: {problem}"
        ))];
        lines.extend(self.run_queued());
        lines
    }

    /// Starts an order with each general behaving as `conducts` say (the
    /// roster's strategies, or a behaviour the search found), keeps what
    /// re-runs it, and completes it at once if there is nobody to message.
    fn start_order(&mut self, order: Order, conducts: Vec<Conduct>) -> Result<Vec<Line>, Refusal> {
        let record = OrderRecord::new(
            self.orders_started + 1,
            &self.roster,
            order,
            self.protocol,
            &self.rng,
        )
        .behaving(conducts.clone());
        let exchange = Exchange::start_with(
            &self.roster,
            order,
            self.protocol,
            conducts,
            &mut self.rng,
            &mut (),
        )?;
        self.running = Some(exchange);
        self.orders_started += 1;
        if self.orders.len() == MAX_KEPT_ORDERS {
            self.orders.pop_front();
        }
        self.orders.push_back(record);
        // An army of one has nobody to message: decide at once.
        Ok(self.complete_if_done())
    }

    fn change(
        &mut self,
        edit: impl FnOnce(&mut Roster) -> Result<(), RosterError>,
        report: fn(&Roster) -> Vec<Line>,
    ) -> Vec<Line> {
        match edit(&mut self.roster) {
            Ok(()) => {
                self.last = None;
                debug_assert_eq!(self.roster.check_invariants(), Ok(()));
                report(&self.roster)
            }
            Err(problem) => vec![Line::error(self.explain(problem))],
        }
    }

    fn explain(&self, problem: RosterError) -> String {
        match problem {
            RosterError::NoSuchGeneral(id) => {
                format!("there is no live general G{id}; g-state lists them")
            }
            RosterError::LastGeneral(id) => {
                format!(
                    "{id} is the last general and cannot be killed; a session needs at least one"
                )
            }
            RosterError::TooMany { live, .. } if live == MAX_GENERALS => {
                format!("there are already {MAX_GENERALS} generals, the most a session holds")
            }
            RosterError::TooMany { live, requested } => format!(
                "cannot add {requested} generals to {live}, a session holds at most {MAX_GENERALS}; \
                 expected: g-add <K> with K from 1 to {}",
                MAX_GENERALS - live
            ),
            RosterError::IdsExhausted => {
                "this session has used up its general ids; type start <N>".into()
            }
        }
    }

    fn describe_protocol(&self) -> Line {
        let n = self.roster.len();
        let protocol = self.protocol;
        let reached = protocol.reached(n);
        let messages = protocol.message_count(n);
        let bound = protocol.message_bound(n);
        let mut text = format!(
            "Protocol: {protocol}, {} per order with {n} {}",
            counted(messages.clone(), "message"),
            noun(n as u64, "general")
        );
        if bound != messages {
            text +=
                &format!(" (with a loyal commander; at most {bound} when it signs both orders)");
        }
        if reached != protocol {
            let name = match protocol.kind {
                Kind::Oral => "OM",
                Kind::Signed => "SM",
            };
            text += &format!(" (the recursion stops at {reached}: {name}(m) needs m + 2 generals)");
        }
        if bound > MESSAGE_CAP {
            text += &format!(
                "; over the limit of {} messages, so an order will be refused",
                thousands(MESSAGE_CAP)
            );
        } else if path_count(n, protocol.depth) > u128::from(Node::MAX) {
            text += &format!(
                "; more than {} signature chains to number, so an order will be refused",
                thousands(u64::from(Node::MAX))
            );
        }
        Line::output(text)
    }

    /// A note after `g-protocol` when the last order sent other than the
    /// formula says: traitors withheld messages, or a faulty commander under
    /// SM(m) signed both orders.
    fn last_order_against_formula(&self) -> Option<Line> {
        let exchange = &self.last.as_ref()?.exchange;
        let (sent, formula, withheld) = (exchange.sent(), exchange.total(), exchange.withheld());
        if sent == formula {
            return None;
        }
        let mut text = format!(
            "last order ({}): {} sent, {} by the formula",
            exchange.protocol(),
            counted(sent, "message"),
            thousands(formula)
        );
        if withheld > 0 {
            text += &format!("; traitors withheld {}", thousands(withheld));
        }
        Some(Line::note(text))
    }

    /// A new session in place of this one. Its seed comes from this session's
    /// generator, so a scripted run stays replayable from the first seed.
    fn restart(&mut self, generals: usize) -> Vec<Line> {
        let options = SessionOptions {
            generals,
            seed: Some(self.rng.random::<u64>()),
            primary: None,
            depth: self.protocol.depth,
        };
        let protocol = self.protocol;
        let orders_started = self.orders_started;
        let searches_started = self.searches_started;
        let orders = std::mem::take(&mut self.orders);
        let defers_search = self.defers_search;
        // Not `expect`: that would format the error with `Debug`, which
        // links string escaping into the page for a line never printed.
        let Ok(fresh) = Session::new(options) else {
            unreachable!("start's arguments were validated by the parser")
        };
        *self = fresh;
        self.protocol = protocol;
        self.orders_started = orders_started;
        self.searches_started = searches_started;
        self.orders = orders;
        self.defers_search = defers_search;
        vec![self.banner()]
    }

    /// Moves the exchange in flight forward by `ticks` of logical time; when
    /// it completes, returns the verdict and runs what was queued behind it.
    pub fn advance(&mut self, ticks: u64) -> Vec<Line> {
        let Some(exchange) = self.running.as_mut() else {
            return Vec::new();
        };
        exchange.advance(ticks, &mut self.rng);
        self.complete_if_done()
    }

    /// `advance` doing at most about `budget` units of the exchange's work
    /// (see `Exchange::advance_within`): the page's frame. A round's
    /// landing that does not fit is finished by later calls, with the same
    /// outcome and lines as `advance`.
    pub fn advance_within(&mut self, ticks: u64, budget: u64) -> Vec<Line> {
        let Some(exchange) = self.running.as_mut() else {
            return Vec::new();
        };
        exchange.advance_within(ticks, budget, &mut self.rng);
        self.complete_if_done()
    }

    /// `advance_within`, also saying how many units of work it did: a
    /// replay spread over frames (`replay::Stride`) shares a frame's budget.
    pub fn advance_counted(&mut self, ticks: u64, budget: u64) -> (Vec<Line>, u64) {
        let Some(exchange) = self.running.as_mut() else {
            return (Vec::new(), 0);
        };
        let (_, spent) = exchange.advance_counted(ticks, budget, &mut self.rng, &mut ());
        (self.complete_if_done(), spent)
    }

    /// Runs the exchange in flight and everything queued to completion.
    pub fn finish(&mut self) -> Vec<Line> {
        let mut lines = Vec::new();
        while let Some(exchange) = self.running.as_mut() {
            exchange.run_to_completion(&mut self.rng);
            lines.extend(self.complete_if_done());
        }
        lines
    }

    fn complete_if_done(&mut self) -> Vec<Line> {
        if !self.running.as_ref().is_some_and(Exchange::is_complete) {
            return Vec::new();
        }
        let exchange = self.running.take().expect("checked above");
        let decided = |id: GeneralId| exchange.decision(id).unwrap_or(Majority::Undefined);
        let verdict =
            Verdict::judge_under(exchange.protocol(), &self.roster, exchange.order(), decided);
        let check = Check::judge(&self.roster, exchange.order(), decided);
        let mut lines = output::verdict(&verdict);
        lines.push(Line::note(check::describe(&check)));
        if let Some(record) = self.orders.back_mut() {
            record.outcome = Some((verdict.clone(), check.clone()));
        }
        self.last = Some(Completed {
            exchange,
            verdict,
            check,
        });
        lines.extend(self.run_queued());
        lines
    }

    /// Queued commands run in order until one starts another exchange or
    /// search; the rest wait for that one.
    fn run_queued(&mut self) -> Vec<Line> {
        let mut lines = Vec::new();
        while !self.is_waiting() {
            match self.queue.pop_front() {
                Some(Ok(command)) => lines.extend(self.apply(command)),
                Some(Err(problem)) => lines.push(Line::error(problem)),
                None => break,
            }
        }
        lines
    }
}

/// The error line for an order refused before anything was sent.
pub(crate) fn explain_refusal(refused: &Refusal) -> String {
    let lower = |protocol: &Protocol| {
        format!(
            "lower m with g-protocol {} <M> or remove generals with g-kill <ID>",
            protocol.kind.word()
        )
    };
    match refused {
        Refusal::TooManyMessages {
            protocol,
            generals,
            messages,
        } => format!(
            "{protocol} with {generals} generals {} {} messages, over the limit of {} per order; {}",
            match protocol.kind {
                Kind::Oral => "would send",
                Kind::Signed => "could send up to",
            },
            messages,
            thousands(MESSAGE_CAP),
            lower(protocol)
        ),
        Refusal::TooManyChains {
            protocol, generals, ..
        } => format!(
            "{protocol} with {generals} generals has more than {} signature chains to number; {}",
            thousands(u64::from(Node::MAX)),
            lower(protocol)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(generals: usize, depth: u32) -> Session {
        Session::new(SessionOptions {
            generals,
            seed: Some(1),
            primary: Some(1),
            depth,
        })
        .unwrap()
    }

    #[test]
    fn a_queued_command_is_known_as_pending() {
        let mut s = session(4, 1);
        assert!(!s.is_queued("g-kill 2"));
        s.submit("actual-order attack");
        assert!(!s.is_queued("g-kill 2"));
        s.submit("g-kill 2");
        assert!(s.is_queued("g-kill 2"));
        assert!(
            s.is_queued("  G-KILL 2 "),
            "the same command, however written"
        );
        assert!(!s.is_queued("g-kill 3"));
        assert!(!s.is_queued("nonsense"));
        s.finish();
        assert!(!s.is_queued("g-kill 2"), "ran when the order completed");
    }

    #[test]
    fn exit_during_an_order_says_what_it_dropped() {
        let mut s = session(4, 1);
        assert_eq!(s.submit("exit").len(), 1, "nothing dropped when idle");
        let mut s = session(4, 1);
        s.submit("actual-order attack");
        s.submit("g-kill 2");
        s.submit("g-state");
        let lines = s.submit("exit");
        assert_eq!(
            lines[1],
            Line::note(
                "The order in flight was abandoned; 2 commands queued behind it were dropped."
            )
        );
        assert!(!s.is_busy() && s.is_ended());
        assert!(s.finish().is_empty(), "nothing runs after exit");
        let mut s = session(4, 1);
        s.submit("actual-order attack");
        s.submit("g-kill 2");
        assert_eq!(
            s.submit("exit")[1].text,
            "The order in flight was abandoned; 1 command queued behind it was dropped."
        );
        let mut s = session(4, 1);
        s.submit("actual-order attack");
        assert_eq!(
            s.submit("exit")[1].text,
            "The order in flight was abandoned; 0 commands queued behind it were dropped."
        );
    }

    #[test]
    fn start_during_an_order_says_what_it_dropped() {
        // `start` acts at once like `exit`, so it says what it abandoned too.
        let mut s = session(4, 1);
        assert_eq!(s.submit("start 5").len(), 1, "only the banner when idle");
        let mut s = session(4, 1);
        s.submit("actual-order attack");
        s.submit("g-kill 2");
        s.submit("g-add 1");
        let lines = s.submit("start 5");
        assert_eq!(
            lines[0],
            Line::note(
                "The order in flight was abandoned; 2 commands queued behind it were dropped."
            )
        );
        assert!(lines[1].text.starts_with("Byzantine generals: 5 generals"));
        assert_eq!(lines.len(), 2);
        assert!(
            !s.is_busy() && s.finish().is_empty(),
            "nothing runs after it"
        );
        assert_eq!(s.roster().len(), 5);
    }

    #[test]
    fn the_banner_names_size_depth_seed_and_help() {
        assert_eq!(
            session(4, 1).banner().text,
            "Byzantine generals: 4 generals, G1 primary, OM(1), seed 1. Type help for the commands."
        );
        assert_eq!(
            session(1, 0).banner().text,
            "Byzantine generals: 1 general, G1 primary, OM(0), seed 1. Type help for the commands."
        );
    }

    #[test]
    fn a_note_after_the_verdict_gives_the_actual_tally() {
        let mut s = session(7, 1);
        let mut lines = s.submit("actual-order attack");
        lines.extend(s.finish());
        let verdict = lines
            .iter()
            .position(|l| l.text.starts_with("Execute order: attack!"))
            .expect("a verdict");
        assert_eq!(
            lines[verdict + 1],
            Line::note("tally: 7 attack, 0 retreat, 0 undefined")
        );
        let mut lines = s.submit("g-state 2 faulty");
        lines.extend(s.submit("g-state 3 faulty"));
        lines.extend(s.submit("g-state 4 faulty"));
        lines.extend(s.submit("actual-order retreat"));
        lines.extend(s.finish());
        // n < 3k + 1: the spec blanks every secondary, and the tally says so.
        let verdict = lines
            .iter()
            .position(|l| l.text.starts_with("Execute order: cannot"))
            .expect("a verdict");
        assert_eq!(
            lines[verdict + 1],
            Line::note("tally: 0 attack, 1 retreat, 6 undefined")
        );
    }

    #[test]
    fn counts_of_one_are_singular() {
        let mut one = session(1, 1);
        assert_eq!(
            one.submit("g-protocol")[0].text,
            "Protocol: OM(1), 0 messages per order with 1 general \
             (the recursion stops at OM(0): OM(m) needs m + 2 generals)"
        );
        assert_eq!(
            session(2, 0).submit("g-protocol")[0].text,
            "Protocol: OM(0), 1 message per order with 2 generals"
        );
        assert_eq!(
            session(4, 1).submit("g-protocol")[0].text,
            "Protocol: OM(1), 9 messages per order with 4 generals"
        );
    }

    #[test]
    fn exit_says_the_session_ended_and_nothing_about_what_follows() {
        let mut s = session(4, 1);
        let lines = s.submit("exit");
        assert_eq!(lines, vec![Line::note("Session ended: the generals stop.")]);
        assert!(s.is_ended());
    }

    #[test]
    fn the_banner_says_where_a_too_deep_recursion_stops() {
        assert_eq!(
            session(4, 3).banner().text,
            "Byzantine generals: 4 generals, G1 primary, OM(3) (with 4 generals the recursion \
             stops at OM(2)), seed 1. Type help for the commands."
        );
        assert_eq!(
            session(2, 1).banner().text,
            "Byzantine generals: 2 generals, G1 primary, OM(1) (with 2 generals the recursion \
             stops at OM(0)), seed 1. Type help for the commands."
        );
    }
}
