//! As of a date: `Engine::advance_to` books what time alone brings (monthly payout runs,
//! expired welcome credits) up to an instant, exactly as a `checkpoint` event at that
//! instant would; it refuses an instant before the last event and one outside the
//! supported years, and a snapshot taken after it resumes to the same figures.

mod support;

use commission_rules::{
    Engine, ErrorKind, Event, EventKind, Instant, Ledger, LineKind, Mode, Month, Outcome,
    OutcomeDetail, RuleSet, evaluate, evaluation_order, programs,
};
use support::{Book, eur, utc};

fn example_saas() -> RuleSet {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/programs/example-saas.json");
    RuleSet::from_json(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// SAAS-1 at 25 % (two referred clients), SAAS-4 monthly payouts of the lines whose 30-day
/// hold ended, at least 50 EUR. 300 EUR on 20 January earns 75.00 EUR, matured 19
/// February; 200 EUR on 15 February earns 50.00 EUR, matured 17 March. The ledger stops
/// on 15 February, mid-month.
fn saas_book() -> Book {
    let mut book = Book::new();
    book.partner_with(
        "aff",
        utc(2026, 1, 1, 0, 0),
        commission_rules::LegalForm::LegalEntity,
        commission_rules::Currency::EUR,
    )
    .client("c1", utc(2026, 1, 2, 0, 0), Some("aff"))
    .client("c2", utc(2026, 1, 3, 0, 0), Some("aff"))
    .pays("jan-pays", utc(2026, 1, 20, 12, 0), "c1", eur("300"))
    .pays("feb-pays", utc(2026, 2, 15, 12, 0), "c2", eur("200"));
    book
}

/// The book with a checkpoint event at `at` appended.
fn with_checkpoint(book: &Book, at: Instant) -> Ledger {
    let mut events = book.events.clone();
    events.push(Event::new("checkpoint", at, EventKind::Checkpoint));
    events.into()
}

/// An engine of the given detail that has applied the book.
fn engine_after<'p>(program: &'p RuleSet, book: &Book, detail: OutcomeDetail) -> Engine<'p> {
    let mut engine = Engine::with_detail(program, Mode::Strict, detail).unwrap();
    for event in evaluation_order(program, &book.ledger()) {
        engine.apply(event).unwrap();
    }
    engine
}

/// Statements-only evaluation of a whole ledger.
fn statements_only(program: &RuleSet, ledger: &Ledger) -> Outcome {
    let mut engine = Engine::with_detail(program, Mode::Strict, OutcomeDetail::Statements).unwrap();
    for event in evaluation_order(program, ledger) {
        engine.apply(event).unwrap();
    }
    engine.outcome().unwrap()
}

fn payouts(outcome: &Outcome) -> Vec<(Instant, commission_rules::Money, &str)> {
    outcome
        .lines
        .iter()
        .filter(|line| line.kind == LineKind::Payout)
        .map(|line| (line.booked_at, line.amount, line.source_event.as_str()))
        .collect()
}

/// Up to 15 February nothing is paid; advanced to 1 March, the run pays the 75.00 EUR
/// matured on 19 February (the 50.00 EUR is still held): February closes at 125.00, March
/// opens at 125.00 and closes at 50.00. The outcome equals the ledger's with a checkpoint
/// at 1 March 00:00.
#[test]
fn saas_4_advancing_to_the_1st_books_the_monthly_run_as_a_checkpoint_would() {
    let program = example_saas();
    let book = saas_book();
    let mut engine = engine_after(&program, &book, OutcomeDetail::Full);
    let before = engine.outcome().unwrap();
    assert_eq!(before.as_of, Some(utc(2026, 2, 15, 12, 0)));
    assert!(payouts(&before).is_empty());

    let march_1 = utc(2026, 3, 1, 0, 0);
    engine.advance_to(march_1).unwrap();
    let advanced = engine.outcome().unwrap();
    assert_eq!(advanced.as_of, Some(march_1));
    assert_eq!(payouts(&advanced), [(march_1, eur("-75.00"), "jan-pays")]);
    let statement = |month| advanced.statement(&"aff".into(), month).unwrap();
    let february = statement(Month::new(2026, 2).unwrap());
    assert_eq!((february.closing, february.closed), (eur("125.00"), true));
    let march = statement(Month::new(2026, 3).unwrap());
    assert_eq!(
        (march.opening, march.closing),
        (eur("125.00"), eur("50.00"))
    );
    assert!(!march.closed);

    let checkpointed = evaluate(&program, &with_checkpoint(&book, march_1)).unwrap();
    assert_eq!(advanced, checkpointed);
}

/// Advanced straight to 1 May, both runs are booked: 1 March pays 75.00 EUR, 1 April the
/// 50.00 EUR matured on 17 March (exactly the minimum); April closes at 0.00. Advancing
/// month by month gives the same outcome, as does a checkpoint at 1 May, in full and in
/// statements-only evaluations.
#[test]
fn saas_4_advancing_over_several_months_books_every_run_due() {
    let program = example_saas();
    let book = saas_book();
    let may_1 = utc(2026, 5, 1, 0, 0);
    let mut straight = engine_after(&program, &book, OutcomeDetail::Full);
    straight.advance_to(may_1).unwrap();
    let outcome = straight.outcome().unwrap();
    assert_eq!(
        payouts(&outcome),
        [
            (utc(2026, 3, 1, 0, 0), eur("-75.00"), "jan-pays"),
            (utc(2026, 4, 1, 0, 0), eur("-50.00"), "feb-pays"),
        ]
    );
    let april = outcome
        .statement(&"aff".into(), Month::new(2026, 4).unwrap())
        .unwrap();
    assert_eq!((april.opening, april.closing), (eur("50.00"), eur("0.00")));
    assert!(april.closed);

    let mut stepwise = engine_after(&program, &book, OutcomeDetail::Full);
    for month in [3, 4, 5] {
        stepwise.advance_to(utc(2026, month, 1, 0, 0)).unwrap();
    }
    assert_eq!(stepwise.outcome().unwrap(), outcome);
    let ledger = with_checkpoint(&book, may_1);
    assert_eq!(evaluate(&program, &ledger).unwrap(), outcome);

    let mut totals_only = engine_after(&program, &book, OutcomeDetail::Statements);
    totals_only.advance_to(may_1).unwrap();
    let totals = totals_only.outcome().unwrap();
    assert_eq!(totals, statements_only(&program, &ledger));
    assert_eq!(totals.statement_totals(), outcome.statement_totals());
}

/// MH-4, worked example 4: registered 1 March 00:00, 60 EUR of the 500 EUR credit used on
/// 10 March; the window is [1 March, 30 April). Advanced to 1 April nothing expires; to
/// 29 April 23:59 still nothing; to 30 April 00:00 the 440 EUR left expire on a line dated
/// 30 April, as a checkpoint at 1 May books them too.
#[test]
fn mh_4_advancing_past_the_window_expires_the_welcome_credit() {
    let program = programs::message_help();
    let mut book = Book::new();
    book.partner_with(
        "p",
        utc(2024, 3, 1, 0, 0),
        commission_rules::LegalForm::LegalEntity,
        commission_rules::Currency::EUR,
    )
    .top_up("p-top-up", utc(2024, 3, 1, 1, 0), "p", eur("1000"))
    .integrated_client("first", utc(2024, 3, 9, 0, 0), "p", "amocrm")
    .partner_pays(
        "first-month",
        utc(2024, 3, 10, 12, 0),
        "first",
        "p",
        eur("60"),
    );
    let expired = |outcome: &Outcome| -> Vec<(Instant, commission_rules::Money, Month)> {
        outcome
            .lines
            .iter()
            .filter(|line| line.kind == LineKind::CreditExpired)
            .map(|line| (line.booked_at, line.amount, line.month))
            .collect()
    };
    let mut engine = engine_after(&program, &book, OutcomeDetail::Full);
    engine.advance_to(utc(2024, 4, 1, 0, 0)).unwrap();
    assert!(expired(&engine.outcome().unwrap()).is_empty());
    engine.advance_to(utc(2024, 4, 29, 23, 59)).unwrap();
    assert!(expired(&engine.outcome().unwrap()).is_empty());
    engine.advance_to(utc(2024, 4, 30, 0, 0)).unwrap();
    let april_30 = (
        utc(2024, 4, 30, 0, 0),
        eur("440"),
        Month::new(2024, 4).unwrap(),
    );
    assert_eq!(expired(&engine.outcome().unwrap()), [april_30]);

    let may_1 = utc(2024, 5, 1, 0, 0);
    engine.advance_to(may_1).unwrap();
    let advanced = engine.outcome().unwrap();
    assert_eq!(expired(&advanced), [april_30]);
    let checkpointed = evaluate(&program, &with_checkpoint(&book, may_1)).unwrap();
    assert_eq!(advanced, checkpointed);
}

/// Time does not go back: an instant before the last event is an `OutOfOrder` error
/// naming that event's instant, and changes nothing; advancing to the last event's own
/// instant books nothing new. After advancing, an event dated earlier is refused as it
/// would be after a checkpoint, and one dated at the instant reached is taken.
#[test]
fn an_instant_before_the_last_event_is_refused_and_changes_nothing() {
    let program = example_saas();
    let book = saas_book();
    for mode in [Mode::Strict, Mode::Lenient] {
        let mut engine = Engine::new(&program, mode).unwrap();
        for event in evaluation_order(&program, &book.ledger()) {
            engine.apply(event).unwrap();
        }
        let before = engine.snapshot();
        let error = engine.advance_to(utc(2026, 2, 15, 11, 59)).unwrap_err();
        assert_eq!(
            error.kind(),
            &ErrorKind::OutOfOrder {
                previous: utc(2026, 2, 15, 12, 0)
            }
        );
        assert!(error.event().is_none());
        assert_eq!(
            error.to_string(),
            "the date is before 2026-02-15 12:00:00 UTC, which the evaluation has already reached"
        );
        assert_eq!(engine.snapshot(), before);
        engine.advance_to(utc(2026, 2, 15, 12, 0)).unwrap();
        assert_eq!(
            engine.outcome().unwrap(),
            evaluate(&program, &book.ledger()).unwrap()
        );
    }

    let mut engine = engine_after(&program, &book, OutcomeDetail::Full);
    let march_1 = utc(2026, 3, 1, 0, 0);
    engine.advance_to(march_1).unwrap();
    let late = Event::new("late", utc(2026, 2, 28, 12, 0), EventKind::Checkpoint);
    let error = engine.apply(&late).unwrap_err();
    assert_eq!(error.kind(), &ErrorKind::OutOfOrder { previous: march_1 });
    let error = engine.advance_to(utc(2026, 2, 28, 12, 0)).unwrap_err();
    assert_eq!(error.kind(), &ErrorKind::OutOfOrder { previous: march_1 });
    let on_time = Event::new("on-time", march_1, EventKind::Checkpoint);
    engine.apply(&on_time).unwrap();
}

/// The engine's years are 1900 to 2199 (UTC): an instant outside them is a
/// `DateOutOfRange` error, also on a fresh engine; the last second of 2199 is taken.
#[test]
fn an_instant_outside_the_supported_years_is_refused() {
    let program = example_saas();
    let mut engine = Engine::new(&program, Mode::Lenient).unwrap();
    let first_2200 = utc(2200, 1, 1, 0, 0);
    let last_1899 = utc(1900, 1, 1, 0, 0) - chrono::Duration::seconds(1);
    for at in [last_1899, first_2200] {
        let error = engine.advance_to(at).unwrap_err();
        assert_eq!(error.kind(), &ErrorKind::DateOutOfRange { at });
    }
    assert_eq!(engine.outcome().unwrap().as_of, None);
    let last_second = first_2200 - chrono::Duration::seconds(1);
    engine.advance_to(last_second).unwrap();
    assert_eq!(engine.outcome().unwrap().as_of, Some(last_second));
}

/// A snapshot taken after advancing to 1 March resumes to the same outcome (through
/// JSON), keeps refusing February, and goes on like the ledger with a checkpoint: a
/// March payment of 100 EUR earns 25.00 EUR on both.
#[test]
fn a_snapshot_after_advancing_resumes_to_the_same_figures() {
    let program = example_saas();
    let book = saas_book();
    let march_1 = utc(2026, 3, 1, 0, 0);
    let mut engine = engine_after(&program, &book, OutcomeDetail::Full);
    engine.advance_to(march_1).unwrap();
    let json = serde_json::to_string(&engine.snapshot()).unwrap();
    let mut resumed =
        Engine::resume(&program, serde_json::from_str(&json).unwrap(), Mode::Strict).unwrap();
    assert_eq!(resumed.outcome().unwrap(), engine.outcome().unwrap());
    assert!(resumed.advance_to(utc(2026, 2, 20, 0, 0)).is_err());

    let march_pays = Event::new(
        "march-pays",
        utc(2026, 3, 10, 12, 0),
        EventKind::Payment(commission_rules::Payment::by_client(
            "c1".into(),
            commission_rules::PaymentKind::Subscription,
            eur("100"),
        )),
    );
    resumed.apply(&march_pays).unwrap();
    let mut whole = with_checkpoint(&book, march_1).events().to_vec();
    whole.push(march_pays);
    let whole = evaluate(&program, &whole.into()).unwrap();
    assert_eq!(resumed.outcome().unwrap(), whole);
    let accrual = support::line_from(&whole, "march-pays", LineKind::Accrual);
    assert_eq!(accrual.amount, eur("25.00"));
}

/// Statements-only evaluation keeps the event ids of the last instant reached only:
/// after advancing, the new instant starts with none, as after a checkpoint, so an event
/// there may reuse an id of an earlier instant; the totals equal the checkpoint ledger's.
#[test]
fn statements_only_after_advancing_goes_on_as_after_a_checkpoint() {
    let program = example_saas();
    let book = saas_book();
    let march_1 = utc(2026, 3, 1, 0, 0);
    let mut engine = engine_after(&program, &book, OutcomeDetail::Statements);
    engine.advance_to(march_1).unwrap();
    let reused = Event::new("feb-pays", march_1, EventKind::Checkpoint);
    engine.apply(&reused).unwrap();
    let mut ledger = with_checkpoint(&book, march_1).events().to_vec();
    ledger.push(reused);
    assert_eq!(
        engine.outcome().unwrap(),
        statements_only(&program, &ledger.into())
    );
}
