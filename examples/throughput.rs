//! Throughput: the engine against a hand-written loop on the same synthetic Wazzup ledger.
//!
//! ```sh
//! cargo run --release --example throughput -- --events 10000000 --seed 7
//! ```
//!
//! The ledger (10,000 partners, up to 1,000,000 clients, mostly payments, with
//! registrations, attachments, daily FX rates and top-ups) is generated from the seed. The
//! hand loop computes the same W-1 resale discounts and W-2 referral accruals with plain
//! Rust, `Decimal` and vectors indexed by id; both totals must agree to the kopeck. The
//! last line is `ratio engine/hand-loop: X.XX` (events/s of the engine over the loop's).
//! A third loop, also by hand, does the bookkeeping the engine does on this ledger (ids
//! hashed as strings, W-9 balances and purchases, W-10 perks, partner-month totals) and
//! must agree with the engine on the W-9 purchases as well; `engine/bookkeeping-loop`
//! shows how much of the gap is that bookkeeping rather than the engine.
//! The engine runs statements-only (lines folded into partner-month totals); with
//! `--threads N` (default 2; 1 to skip) the ledger is also partitioned by partner group
//! and evaluated on N threads, and the merged totals must be the same. Without flags it
//! runs 20,000 events (for CI); speed is only meaningful in release.

use chrono::{DateTime, Duration, FixedOffset, Months, TimeZone, Utc};
use commission_rules::{
    ClientId, Currency, Engine, Event, EventId, EventKind, Ledger, LegalForm, LineKind, Mode,
    Money, Outcome, OutcomeDetail, PartnerId, Payer, Payment, PaymentKind, TopUpMethod,
    evaluate_parallel, programs,
};
use rust_decimal::Decimal;
use std::alloc::{GlobalAlloc, Layout, System};
use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant as Clock;

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

const PARTNERS: usize = 10_000;

struct Options {
    events: usize,
    seed: u64,
    threads: usize,
}

fn options() -> Result<Options> {
    let mut options = Options {
        events: 20_000,
        seed: 7,
        threads: 2,
    };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args.next().ok_or(format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--events" => options.events = value.parse()?,
            "--seed" => options.seed = value.parse()?,
            "--threads" => options.threads = value.parse()?,
            other => return Err(format!("unknown flag {other}").into()),
        }
    }
    Ok(options)
}

/// A small deterministic generator (64-bit LCG), so the ledger depends only on the seed.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// What the generator knows of each client: who holds it.
struct ClientInfo {
    referrer: usize,
    holder: Option<usize>,
}

/// The day's three rates, published at `at` (the start of a Moscow day).
fn daily_rates(events: &mut Vec<Event>, rng: &mut Lcg, at: DateTime<Utc>, n: usize) {
    let usd_rub = 9000 + rng.below(1000) as i64;
    let rates = [
        (Currency::USD, Currency::RUB, usd_rub),
        (Currency::RUB, Currency::KZT, 500),
        (Currency::USD, Currency::KZT, usd_rub * 5),
    ];
    for (base, quote, rate) in rates {
        events.push(Event::new(
            format!("e{n}-fx-{base}{quote}"),
            at,
            EventKind::FxRate {
                base,
                quote,
                rate: Decimal::new(rate, 2),
            },
        ));
    }
}

fn generate(options: &Options) -> Result<Vec<Event>> {
    let mut rng = Lcg(options.seed);
    // 1 January 2024, 00:00 Moscow time.
    let start: DateTime<Utc> = Utc
        .with_ymd_and_hms(2023, 12, 31, 21, 0, 0)
        .single()
        .ok_or("start")?;
    let step = Duration::seconds((2 * 365 * 24 * 3600 / options.events.max(1) as i64).max(1));
    let mut events = Vec::with_capacity(options.events);
    let mut clients: Vec<ClientInfo> = Vec::new();
    let client_cap = (options.events / 10).clamp(1, 1_000_000);
    let mut at = start;
    let mut day = start;
    daily_rates(&mut events, &mut rng, start, 0);
    for p in 0..PARTNERS.min(options.events / 20 + 1) {
        events.push(Event::new(
            format!("p{p}-joins"),
            at,
            EventKind::PartnerRegistered {
                partner: format!("p{p}").as_str().into(),
                legal_form: LegalForm::LegalEntity,
                currency: if p % 10 == 0 {
                    Currency::KZT
                } else {
                    Currency::RUB
                },
            },
        ));
        events.push(Event::new(
            format!("p{p}-top-up"),
            at,
            EventKind::PartnerTopUp {
                partner: format!("p{p}").as_str().into(),
                amount: Money::new(
                    Decimal::from(1_000_000_000),
                    if p % 10 == 0 {
                        Currency::KZT
                    } else {
                        Currency::RUB
                    },
                ),
                method: TopUpMethod::Invoice,
            },
        ));
    }
    let partners = PARTNERS.min(options.events / 20 + 1);
    while events.len() < options.events {
        let n = events.len();
        at += step;
        // W-6 takes the day's central-bank rate for the whole Moscow day: the rates are
        // published at its start, before any other event of the day.
        let moscow_date = |t: DateTime<Utc>| (t + Duration::hours(3)).date_naive();
        if moscow_date(at) != moscow_date(day) {
            day = at;
            let midnight = moscow_date(at).and_time(chrono::NaiveTime::MIN) - Duration::hours(3);
            daily_rates(&mut events, &mut rng, Utc.from_utc_datetime(&midnight), n);
            continue;
        }
        let roll = rng.below(100);
        let kind = if clients.len() < client_cap && (roll < 8 || clients.is_empty()) {
            let c = clients.len();
            let p = rng.below(partners);
            let cabinet = rng.below(2) == 0;
            clients.push(ClientInfo {
                referrer: p,
                holder: cabinet.then_some(p),
            });
            EventKind::ClientRegistered {
                client: ClientId::new(format!("c{c}")),
                referrer: Some(format!("p{p}").as_str().into()),
                promo_code: None,
                integration: None,
                via_partner_cabinet: cabinet,
            }
        } else if roll < 10 {
            let c = rng.below(clients.len());
            // Mostly the partner that brought the client takes it on; 1 in 100 another.
            let p = match rng.below(100) {
                0 => rng.below(partners),
                _ => clients[c].referrer,
            };
            if clients[c].holder.is_some() {
                continue;
            }
            clients[c].holder = Some(p);
            EventKind::ClientAttached {
                client: ClientId::new(format!("c{c}")),
                partner: format!("p{p}").as_str().into(),
                basis: commission_rules::AttachBasis::Support,
                refused: false,
            }
        } else {
            let c = rng.below(clients.len());
            let usd = rng.below(20) == 0;
            let amount = if usd {
                Money::new(
                    Decimal::new(1_000 + rng.below(9_000) as i64, 2),
                    Currency::USD,
                )
            } else {
                Money::new(
                    Decimal::new(100_000 + rng.below(900_000) as i64, 2),
                    Currency::RUB,
                )
            };
            let mut payment = Payment::by_client(
                ClientId::new(format!("c{c}")),
                PaymentKind::Subscription,
                amount,
            );
            if let (Some(holder), true) = (clients[c].holder, rng.below(2) == 0) {
                payment.paid_by = Payer::Partner(format!("p{holder}").as_str().into());
            }
            EventKind::Payment(payment)
        };
        events.push(Event::new(format!("e{n}"), at, kind));
    }
    Ok(events)
}

/// Totals of W-1 discounts and W-2 referral accruals, per currency (RUB, KZT).
#[derive(Debug, Default, PartialEq, Eq)]
struct Totals {
    discounts: [Decimal; 2],
    accruals: [Decimal; 2],
}

fn slot(currency: Currency) -> usize {
    usize::from(currency == Currency::KZT)
}

/// Counts the bytes the process holds on the heap, to measure the engine's state.
struct CountingAlloc;

static HELD: AtomicUsize = AtomicUsize::new(0);

// SAFETY-free: the example forbids nothing, but the crate's `forbid(unsafe_code)` is for the
// library; a global allocator needs `unsafe impl`, so measuring lives here, in the example.
unsafe impl GlobalAlloc for CountingAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        HELD.fetch_add(layout.size(), Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        HELD.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        HELD.fetch_add(new_size, Ordering::Relaxed);
        HELD.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: CountingAlloc = CountingAlloc;

/// What the engine run gives: its totals, how long it took (events and outcome), the
/// heap its state holds once every event is applied, and the heap of the statement totals
/// in the outcome (the part of the state that is outcome, not bookkeeping).
struct EngineRun {
    totals: Totals,
    purchases: [Decimal; 2],
    secs: f64,
    state_bytes: usize,
    totals_bytes: usize,
}

/// W-9 purchases debited from the partner accounts, per currency, from the statement totals.
fn engine_purchases(outcome: &Outcome) -> [Decimal; 2] {
    let mut purchases = [Decimal::ZERO; 2];
    for statement in &outcome.totals {
        for total in &statement.totals {
            if (total.kind, total.clause.as_str()) == (LineKind::Purchase, "W-9") {
                purchases[slot(total.amount.currency)] -= total.amount.amount;
            }
        }
    }
    purchases
}

/// W-1 discounts and W-2 accruals from the statement totals.
fn engine_figures(outcome: &Outcome) -> Totals {
    let mut totals = Totals::default();
    for statement in &outcome.totals {
        for total in &statement.totals {
            let cell = match (total.kind, total.clause.as_str()) {
                (LineKind::Discount, "W-1") => &mut totals.discounts[slot(total.amount.currency)],
                (LineKind::Accrual, "W-2") => &mut totals.accruals[slot(total.amount.currency)],
                _ => continue,
            };
            *cell += total.amount.amount;
        }
    }
    totals
}

/// The engine in statements-only mode: lines are folded into partner-month totals.
/// (Never inlined, so a profiler can tell the two loops apart.)
#[inline(never)]
fn engine_totals(events: &[Event]) -> Result<EngineRun> {
    let program = programs::wazzup();
    let before = HELD.load(Ordering::Relaxed);
    let clock = Clock::now();
    let mut engine = Engine::with_detail(&program, Mode::Strict, OutcomeDetail::Statements)?;
    for event in events {
        engine.apply(event)?;
    }
    let state_bytes = HELD.load(Ordering::Relaxed).saturating_sub(before);
    let held = HELD.load(Ordering::Relaxed);
    let outcome = engine.outcome()?;
    let secs = clock.elapsed().as_secs_f64();
    let totals_bytes = HELD.load(Ordering::Relaxed).saturating_sub(held);
    Ok(EngineRun {
        totals: engine_figures(&outcome),
        purchases: engine_purchases(&outcome),
        secs,
        state_bytes,
        totals_bytes,
    })
}

/// The number in an id like `c123` (the generator writes them so).
fn index(id: &str) -> usize {
    id.get(1..)
        .and_then(|digits| digits.parse().ok())
        .unwrap_or(usize::MAX)
}

fn round(value: Decimal) -> Decimal {
    value.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
}

/// The end of a client's W-2 window: 12 program-time months after its registration.
fn w_2_window_end(registered: DateTime<Utc>, moscow: FixedOffset) -> Option<DateTime<Utc>> {
    registered
        .with_timezone(&moscow)
        .checked_add_months(Months::new(12))
        .map(|end| end.with_timezone(&Utc))
}

/// The hand-written loop: W-1 and W-2 only, with vectors indexed by id.
#[inline(never)]
fn hand_loop(events: &[Event], moscow: FixedOffset) -> Totals {
    let mut totals = Totals::default();
    let mut partner_kzt = vec![false; PARTNERS];
    let mut attached: Vec<u32> = vec![0; PARTNERS];
    let mut referrer: Vec<Option<usize>> = Vec::new();
    let mut window_end: Vec<Option<DateTime<Utc>>> = Vec::new();
    let mut ever_held: Vec<Vec<usize>> = Vec::new();
    let (mut usd_rub, mut rub_kzt, mut usd_kzt) = (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO);
    let markup = Decimal::new(103, 2);
    for event in events {
        match &event.kind {
            EventKind::PartnerRegistered {
                partner, currency, ..
            } => partner_kzt[index(partner.as_str())] = *currency == Currency::KZT,
            EventKind::FxRate { base, quote, rate } => match (base.code(), quote.code()) {
                ("USD", "RUB") => usd_rub = *rate,
                ("RUB", _) => rub_kzt = *rate,
                _ => usd_kzt = *rate,
            },
            EventKind::ClientRegistered {
                referrer: by,
                via_partner_cabinet,
                ..
            } => {
                let p = by.as_ref().map(|p| index(p.as_str()));
                referrer.push(p);
                window_end.push(w_2_window_end(event.at, moscow));
                let held = p.filter(|_| *via_partner_cabinet);
                ever_held.push(held.into_iter().collect());
                if let Some(p) = held {
                    attached[p] += 1;
                }
            }
            EventKind::ClientAttached {
                client, partner, ..
            } => {
                let (c, p) = (index(client.as_str()), index(partner.as_str()));
                if !ever_held[c].contains(&p) {
                    ever_held[c].push(p);
                    attached[p] += 1;
                }
            }
            EventKind::Payment(payment) => {
                let c = index(payment.client.as_str());
                let (p, rate, is_discount) = match &payment.paid_by {
                    Payer::Partner(p) => {
                        let p = index(p.as_str());
                        (p, if attached[p] >= 10 { 50 } else { 35 }, true)
                    }
                    Payer::Client => match (referrer[c], window_end[c]) {
                        (Some(p), Some(end)) if event.at < end => (p, 20, false),
                        _ => continue,
                    },
                };
                let kzt = partner_kzt[p];
                let published = match (payment.amount.currency == Currency::USD, kzt) {
                    (false, false) => None,
                    (true, false) => Some(usd_rub),
                    (false, true) => Some(rub_kzt),
                    (true, true) => Some(usd_kzt),
                };
                let base = match published {
                    Some(rate) => payment.amount.amount * (rate * markup),
                    None => payment.amount.amount,
                };
                let amount = round(base * Decimal::from(rate) / Decimal::ONE_HUNDRED);
                let cell = if is_discount {
                    &mut totals.discounts[usize::from(kzt)]
                } else {
                    &mut totals.accruals[usize::from(kzt)]
                };
                *cell += amount;
            }
            _ => {}
        }
    }
    totals
}

/// Hashes string ids the way a general engine must (the hand loop reads the number out of
/// `c123`), with the engine's hasher.
type ById<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// What the bookkeeping loop keeps per partner.
#[derive(Default)]
struct PartnerBooks {
    kzt: bool,
    /// Distinct clients ever held (W-1's tier count).
    held: u32,
    /// W-10 perks granted, as (perk, from).
    perks: Vec<(u8, DateTime<Utc>)>,
    /// W-9: the balance settled so far, and credits dated later (W-2 on the next 1st).
    settled: Decimal,
    pending: VecDeque<(DateTime<Utc>, Decimal)>,
    /// Per program-time month: W-1 discounts, W-2 accruals, W-9 purchases.
    months: BTreeMap<(i32, u32), [Decimal; 3]>,
}

/// What the bookkeeping loop keeps per client.
struct ClientBooks {
    referrer: Option<PartnerId>,
    window_end: Option<DateTime<Utc>>,
    ever_held: Vec<PartnerId>,
}

/// The program-time month of an instant, as (year, month).
fn month_key(at: DateTime<Utc>, moscow: FixedOffset) -> (i32, u32) {
    use chrono::Datelike;
    let local = at.with_timezone(&moscow);
    (local.year(), local.month())
}

/// A hand-written loop doing the bookkeeping the engine does on this ledger, not only the
/// two sums: ids hashed as strings, a duplicate id at one instant refused, distinct
/// holders counted (W-1), the 12-month window (W-2) credited on the next 1st, partner
/// purchases debited from the balance after a balance check (W-9), perks at registration
/// and at the 10th client (W-10), totals per partner-month. Not the issue's measure (that
/// is the plain loop above): a yardstick for how much of the gap is bookkeeping.
#[inline(never)]
fn bookkeeping_loop(events: &[Event], moscow: FixedOffset) -> Option<(Totals, [Decimal; 2])> {
    let mut partners: ById<PartnerId, PartnerBooks> = ById::default();
    let mut clients: ById<ClientId, ClientBooks> = ById::default();
    let mut ids_now: HashSet<EventId, foldhash::fast::RandomState> = HashSet::default();
    let mut now = None;
    let mut rates: ById<(Currency, Currency), Decimal> = ById::default();
    let markup = Decimal::new(103, 2);
    for event in events {
        if now != Some(event.at) {
            now = Some(event.at);
            // Clearing costs the table's capacity: one a burst of ties grew is dropped.
            if ids_now.capacity() > 64 {
                ids_now = HashSet::default();
            }
            ids_now.clear();
        }
        if !ids_now.insert(event.id.clone()) {
            return None;
        }
        match &event.kind {
            EventKind::PartnerRegistered {
                partner, currency, ..
            } => {
                let books = partners.entry(partner.clone()).or_default();
                books.kzt = *currency == Currency::KZT;
                books.perks.extend([(0, event.at), (1, event.at)]);
            }
            EventKind::PartnerTopUp {
                partner, amount, ..
            } => {
                let books = partners.get_mut(partner)?;
                books.settled += amount.amount;
            }
            EventKind::FxRate { base, quote, rate } => {
                rates.insert((*base, *quote), *rate);
            }
            EventKind::ClientRegistered {
                client,
                referrer,
                via_partner_cabinet,
                ..
            } => {
                let window_end = w_2_window_end(event.at, moscow);
                let mut ever_held = Vec::new();
                if let (Some(partner), true) = (referrer, *via_partner_cabinet) {
                    gain_client(partners.get_mut(partner)?, event.at);
                    ever_held.push(partner.clone());
                }
                let books = ClientBooks {
                    referrer: referrer.clone(),
                    window_end,
                    ever_held,
                };
                clients.insert(client.clone(), books);
            }
            EventKind::ClientAttached {
                client, partner, ..
            } => {
                let books = clients.get_mut(client)?;
                if !books.ever_held.contains(partner) {
                    books.ever_held.push(partner.clone());
                    gain_client(partners.get_mut(partner)?, event.at);
                }
            }
            EventKind::Payment(payment) => {
                let client = clients.get(&payment.client)?;
                let partner = match (&payment.paid_by, &client.referrer, client.window_end) {
                    (Payer::Partner(partner), _, _) => partner,
                    (Payer::Client, Some(partner), Some(end)) if event.at < end => partner,
                    _ => continue,
                };
                let books = partners.get_mut(partner)?;
                let rate = match (&payment.paid_by, books.held) {
                    (Payer::Client, _) => 20,
                    (Payer::Partner(_), 10..) => 50,
                    (Payer::Partner(_), _) => 35,
                };
                let to = if books.kzt {
                    Currency::KZT
                } else {
                    Currency::RUB
                };
                let base = if payment.amount.currency == to {
                    payment.amount.amount
                } else {
                    payment.amount.amount * (rates.get(&(payment.amount.currency, to))? * markup)
                };
                let amount = round(base * Decimal::from(rate) / Decimal::ONE_HUNDRED);
                let month = month_key(event.at, moscow);
                if payment.paid_by == Payer::Client {
                    // W-2: credited on the 1st of the next program-time month.
                    let (year, number) = month;
                    let next = if number == 12 {
                        (year + 1, 1)
                    } else {
                        (year, number + 1)
                    };
                    let first = moscow
                        .with_ymd_and_hms(next.0, next.1, 1, 0, 0, 0)
                        .single()?
                        .with_timezone(&Utc);
                    books.pending.push_back((first, amount));
                    books.months.entry(next).or_default()[1] += amount;
                    continue;
                }
                // W-1 discount, then W-9: the net price debited after a balance check.
                while books
                    .pending
                    .front()
                    .is_some_and(|(due, _)| *due <= event.at)
                {
                    let (_, credit) = books.pending.pop_front()?;
                    books.settled += credit;
                }
                let net = round(base) - amount;
                if net > books.settled {
                    return None;
                }
                books.settled -= net;
                let sums = books.months.entry(month).or_default();
                sums[0] += amount;
                sums[2] += net;
            }
            _ => {}
        }
    }
    let mut totals = Totals::default();
    let mut purchases = [Decimal::ZERO; 2];
    for books in partners.values() {
        let slot = usize::from(books.kzt);
        for sums in books.months.values() {
            totals.discounts[slot] += sums[0];
            totals.accruals[slot] += sums[1];
            purchases[slot] += sums[2];
        }
    }
    Some((totals, purchases))
}

/// A partner gains a distinct client: W-10's perks come with the 10th.
fn gain_client(books: &mut PartnerBooks, at: DateTime<Utc>) {
    books.held += 1;
    if books.held == 10 {
        books.perks.extend([(2, at), (3, at), (4, at)]);
    }
}

fn main() -> Result<()> {
    let options = options()?;
    let events = generate(&options)?;
    let clients = events
        .iter()
        .filter(|e| matches!(e.kind, EventKind::ClientRegistered { .. }))
        .count();
    println!(
        "{} events, {clients} clients, seed {}",
        events.len(),
        options.seed
    );

    let clock = Clock::now();
    let moscow = FixedOffset::east_opt(3 * 3600).ok_or("offset")?;
    let hand = hand_loop(&events, moscow);
    let hand_secs = clock.elapsed().as_secs_f64();

    let clock = Clock::now();
    let (books, purchases) =
        bookkeeping_loop(&events, moscow).ok_or("the bookkeeping loop refused the ledger")?;
    let books_secs = clock.elapsed().as_secs_f64();

    let EngineRun {
        totals: engine,
        purchases: engine_purchases,
        secs: engine_secs,
        state_bytes,
        totals_bytes,
    } = engine_totals(&events)?;

    if engine != hand {
        return Err(format!("totals differ: engine {engine:?}, hand loop {hand:?}").into());
    }
    println!("totals agree to the kopeck: {engine:?}");
    if books != hand || purchases != engine_purchases {
        return Err(format!(
            "the bookkeeping loop differs: {books:?}, W-9 purchases {purchases:?} (engine {engine_purchases:?})"
        )
        .into());
    }
    let count = events.len();
    let rate = |secs: f64| count as f64 / secs.max(1e-9);
    println!("hand loop: {:>12.0} events/s", rate(hand_secs));
    println!(
        "bookkeeping loop: {:>12.0} events/s (W-9 purchases agree too: {purchases:?})",
        rate(books_secs)
    );
    println!("engine:    {:>12.0} events/s", rate(engine_secs));
    let per_client = |bytes: usize| bytes / clients.max(1);
    println!(
        "engine state (heap, statements-only): {} bytes per client, of which {} bytes of statement totals; {} without",
        per_client(state_bytes),
        per_client(totals_bytes),
        per_client(state_bytes.saturating_sub(totals_bytes))
    );
    if options.threads > 1 {
        let ledger = Ledger::from(events);
        let clock = Clock::now();
        let merged =
            evaluate_parallel(&programs::wazzup(), &ledger, Mode::Strict, options.threads)?;
        let secs = clock.elapsed().as_secs_f64();
        if engine_figures(&merged) != engine {
            return Err("the parallel evaluation's totals differ from the single one's".into());
        }
        println!(
            "engine on {} threads (partition, evaluate, merge): {:>12.0} events/s, same totals",
            options.threads,
            count as f64 / secs.max(1e-9)
        );
    }
    println!(
        "engine/bookkeeping-loop: {:.2} (a yardstick, not the issue's measure)",
        books_secs / engine_secs.max(1e-9)
    );
    println!(
        "ratio engine/hand-loop: {:.2}",
        hand_secs / engine_secs.max(1e-9)
    );
    Ok(())
}
