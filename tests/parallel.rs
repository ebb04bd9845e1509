//! Statements-only evaluation, partitions and parallel evaluation, on Wazzup's W-2 figures
//! (`../shared/programs/wazzup.md`); the invariants over random ledgers are in
//! `tests/invariants.rs`.

mod support;

use commission_rules::{
    Engine, ErrorKind, Ledger, LineKind, Mode, Month, Outcome, OutcomeDetail, Snapshot,
    StatementTotals, evaluate, evaluate_parallel, evaluation_order, partition, programs,
};
use commission_rules::{EventKind, LegalForm};
use support::{Book, msk, rub};

/// Two partner groups, before any payment: p brings c, q brings d (in May).
fn p_and_q() -> Book {
    let mut book = Book::new();
    book.partner("p", msk(2024, 1, 1, 9, 0))
        .partner("q", msk(2024, 1, 1, 9, 5))
        .client("c", msk(2024, 5, 2, 10, 0), Some("p"))
        .client("d", msk(2024, 5, 3, 10, 0), Some("q"));
    book
}

/// Two partner groups: p brings c (3,000 RUB in May), q brings d (1,000 RUB in May).
fn two_groups() -> Ledger {
    let mut book = p_and_q();
    book.pays("c-may", msk(2024, 5, 10, 12, 0), "c", rub("3000"))
        .pays("d-may", msk(2024, 5, 20, 12, 0), "d", rub("1000"))
        .pays("c-june", msk(2024, 6, 3, 12, 0), "c", rub("500"));
    book.ledger()
}

fn statements_only(ledger: &Ledger) -> Outcome {
    let program = programs::wazzup();
    let mut engine =
        Engine::with_detail(&program, Mode::Strict, OutcomeDetail::Statements).unwrap();
    for event in evaluation_order(&program, ledger) {
        engine.apply(event).unwrap();
    }
    engine.outcome().unwrap()
}

fn month<'a>(
    totals: &'a [StatementTotals],
    partner: &str,
    month: (i32, u32),
) -> &'a StatementTotals {
    let month = Month::new(month.0, month.1).unwrap();
    totals
        .iter()
        .find(|t| t.partner.as_str() == partner && t.month == month)
        .unwrap()
}

/// W-2: 20 % of each payment, credited on the 1st of the next month; only totals are kept.
#[test]
fn w_2_statements_only_keeps_the_credits_as_partner_month_totals() {
    let outcome = statements_only(&two_groups());
    assert!(outcome.lines.is_empty() && outcome.statements.is_empty());
    let june = month(&outcome.totals, "p", (2024, 6));
    assert_eq!(june.total(LineKind::Accrual), rub("600")); // 20 % of 3,000
    assert_eq!((june.opening, june.closing), (rub("0"), rub("600")));
    let july = month(&outcome.totals, "p", (2024, 7));
    assert_eq!(july.total(LineKind::Accrual), rub("100")); // 20 % of 500
    assert_eq!(july.closing, rub("700"));
    assert_eq!(month(&outcome.totals, "q", (2024, 6)).closing, rub("200"));
    // The same figures as every line kept.
    assert_eq!(
        outcome.totals,
        evaluate(&programs::wazzup(), &two_groups())
            .unwrap()
            .statement_totals()
    );
}

#[test]
fn partition_keeps_each_partner_group_whole() {
    let parts = partition(&two_groups(), 2);
    let ids: Vec<Vec<&str>> = parts
        .iter()
        .map(|part| part.events().iter().map(|e| e.id.as_str()).collect())
        .collect();
    assert_eq!(ids.len(), 2);
    let with = |id: &str| ids.iter().position(|part| part.contains(&id)).unwrap();
    assert_eq!(with("c-may"), with("c-june"));
    assert_eq!(with("c-may"), with("p-registers"));
    assert_eq!(with("c-may"), with("c-registers"));
    assert_eq!(with("d-may"), with("q-registers"));
    assert_ne!(with("p-registers"), with("q-registers"));
}

#[test]
fn w_2_two_threads_give_the_bytes_of_one() {
    let ledger = two_groups();
    let merged = evaluate_parallel(&programs::wazzup(), &ledger, Mode::Strict, 2).unwrap();
    assert_eq!(
        serde_json::to_string(&merged).unwrap(),
        serde_json::to_string(&statements_only(&ledger)).unwrap()
    );
    assert_eq!(
        month(&merged.totals, "q", (2024, 6)).total(LineKind::Accrual),
        rub("200")
    );
}

/// In strict mode the error is the one a single evaluation stops at: the earliest event,
/// whichever part it is in.
#[test]
fn strict_parallel_evaluation_names_the_earliest_bad_event() {
    let mut book = Book::new();
    book.partner("p", msk(2024, 1, 1, 9, 0))
        .client("c", msk(2024, 5, 2, 10, 0), Some("p"))
        .pays("late-ghost", msk(2024, 5, 15, 12, 0), "ghost", rub("100"))
        .pays(
            "early-ghost",
            msk(2024, 5, 12, 12, 0),
            "phantom",
            rub("100"),
        );
    let ledger = book.ledger();
    let single = evaluate(&programs::wazzup(), &ledger).unwrap_err();
    let parallel = evaluate_parallel(&programs::wazzup(), &ledger, Mode::Strict, 3).unwrap_err();
    assert_eq!(parallel.event().map(|e| e.as_str()), Some("early-ghost"));
    assert_eq!(parallel, single);
}

#[test]
fn snapshots_that_overlap_or_keep_every_line_are_not_merged() {
    let program = programs::wazzup();
    let ledger = two_groups();
    let part = |detail| {
        let mut engine = Engine::with_detail(&program, Mode::Strict, detail).unwrap();
        for event in evaluation_order(&program, &ledger) {
            engine.apply(event).unwrap();
        }
        engine.snapshot()
    };
    let twice = Snapshot::merge(
        &program,
        vec![
            part(OutcomeDetail::Statements),
            part(OutcomeDetail::Statements),
        ],
    )
    .unwrap_err();
    assert!(
        matches!(twice.kind(), ErrorKind::Unmergeable { .. }),
        "{twice}"
    );
    let full = Snapshot::merge(&program, vec![part(OutcomeDetail::Full)]).unwrap_err();
    assert!(
        matches!(full.kind(), ErrorKind::Unmergeable { .. }),
        "{full}"
    );
    let other = Snapshot::merge(&programs::radist(), vec![part(OutcomeDetail::Statements)]);
    assert!(matches!(
        other.unwrap_err().kind(),
        ErrorKind::SnapshotMismatch { .. }
    ));
}

/// Statements-only checks event ids among the events of one instant: a resent event
/// (same id, same instant) is rejected; the caller guarantees ids are unique otherwise.
#[test]
fn statements_only_rejects_an_event_resent_at_its_instant() {
    let mut book = Book::new();
    book.partner("p", msk(2024, 1, 1, 9, 0))
        .client("c", msk(2024, 5, 2, 10, 0), Some("p"))
        .pays("pay", msk(2024, 5, 10, 12, 0), "c", rub("3000"))
        .pays("pay", msk(2024, 5, 10, 12, 0), "c", rub("3000"));
    let program = programs::wazzup();
    let mut engine =
        Engine::with_detail(&program, Mode::Lenient, OutcomeDetail::Statements).unwrap();
    let ledger = book.ledger();
    for event in evaluation_order(&program, &ledger) {
        engine.apply(event).unwrap();
    }
    let outcome = engine.outcome().unwrap();
    assert_eq!(outcome.rejections.len(), 1);
    assert_eq!(outcome.rejections[0].reason, ErrorKind::DuplicateEventId);
    assert_eq!(month(&outcome.totals, "p", (2024, 6)).closing, rub("600"));
}

/// An event resent at its instant names the same entities, but a buggy sender may reuse
/// an id for another group's event: the split keeps both in one part, so the parallel
/// evaluation rejects the second exactly as the single one does (and a third event alone
/// at its instant is routed by its entities only).
#[test]
fn an_id_reused_at_one_instant_across_groups_is_rejected_as_in_one_run() {
    let mut book = p_and_q();
    book.pays("pay", msk(2024, 5, 10, 12, 0), "c", rub("3000"))
        .pays("pay", msk(2024, 5, 10, 12, 0), "d", rub("1000"))
        .pays("d-june", msk(2024, 6, 3, 12, 0), "d", rub("500"));
    let ledger = book.ledger();
    let parts = partition(&ledger, 2);
    let with_pay: Vec<usize> = parts
        .iter()
        .map(|part| {
            part.events()
                .iter()
                .filter(|e| e.id.as_str() == "pay")
                .count()
        })
        .collect();
    assert!(
        with_pay.contains(&2),
        "both `pay` events in one part: {with_pay:?}"
    );

    let program = programs::wazzup();
    let merged = evaluate_parallel(&program, &ledger, Mode::Lenient, 2).unwrap();
    let mut single =
        Engine::with_detail(&program, Mode::Lenient, OutcomeDetail::Statements).unwrap();
    for event in evaluation_order(&program, &ledger) {
        single.apply(event).unwrap();
    }
    let single = single.outcome().unwrap();
    assert_eq!(merged, single);
    assert_eq!(single.rejections.len(), 1);
    assert_eq!(single.rejections[0].reason, ErrorKind::DuplicateEventId);
    // W-2: p earns 20 % of c's 3,000 RUB; q only 20 % of d's June 500 (May's was rejected).
    assert_eq!(month(&merged.totals, "p", (2024, 6)).closing, rub("600"));
    assert_eq!(month(&merged.totals, "q", (2024, 7)).closing, rub("100"));
}

fn usd(text: &str) -> commission_rules::Money {
    commission_rules::Money::new(text.parse().unwrap(), commission_rules::Currency::USD)
}

/// RT-1 (`programs/revenue-tiers.json`, `../shared/programs` style): rates by the
/// partner's revenue in the month, retroactive to the month. p's client pays 800 USD on
/// 5 May (10 %: 80.00); the ledger so far is evaluated in two parts (p's and q's) and
/// merged; then 300 USD on 10 May lifts May's revenue to 1,100, the 15 % tier, for the
/// whole month: 1,100 × 15 % = 165.00 in May, as in one piece. The merge once dropped the
/// revenue so far: the 300 started a month of its own at 10 %.
#[test]
fn rt_1_a_merged_snapshot_carries_the_month_s_revenue_on() {
    let program = support::program_file("revenue-tiers");
    let mut book = Book::new();
    let (entity, dollars) = (LegalForm::LegalEntity, commission_rules::Currency::USD);
    book.partner_with("p", msk(2025, 4, 1, 9, 0), entity, dollars)
        .partner_with("q", msk(2025, 4, 1, 9, 5), entity, dollars)
        .client("c", msk(2025, 4, 2, 10, 0), Some("p"))
        .client("d", msk(2025, 4, 3, 10, 0), Some("q"))
        .pays("c-800", msk(2025, 5, 5, 12, 0), "c", usd("800"))
        .pays("d-100", msk(2025, 5, 6, 12, 0), "d", usd("100"));
    let first = book.ledger();
    let parts = partition(&first, 2);
    assert_eq!(parts.len(), 2, "p and q evaluated apart");
    let snapshots = parts
        .iter()
        .map(|part| {
            let mut engine =
                Engine::with_detail(&program, Mode::Strict, OutcomeDetail::Statements).unwrap();
            for event in evaluation_order(&program, part) {
                engine.apply(event).unwrap();
            }
            engine.snapshot()
        })
        .collect();
    let merged = Snapshot::merge(&program, snapshots).unwrap();
    let mut carried_on = Engine::resume(&program, merged, Mode::Strict).unwrap();
    book.pays("c-300", msk(2025, 5, 10, 12, 0), "c", usd("300"));
    let whole = book.ledger();
    let last = evaluation_order(&program, &whole);
    carried_on.apply(last[last.len() - 1]).unwrap();
    let carried_on = carried_on.outcome().unwrap();

    let mut one_piece =
        Engine::with_detail(&program, Mode::Strict, OutcomeDetail::Statements).unwrap();
    for event in evaluation_order(&program, &whole) {
        one_piece.apply(event).unwrap();
    }
    let one_piece = one_piece.outcome().unwrap();
    assert_eq!(
        month(&one_piece.totals, "p", (2025, 5)).closing,
        usd("165.00")
    );
    assert_eq!(
        month(&carried_on.totals, "p", (2025, 5)).closing,
        usd("165.00")
    );
    assert_eq!(carried_on, one_piece);
}

/// A promo code belongs to one partner: assigned to p, then to q, the second is refused.
/// Evaluated on two threads, p and q once fell in two parts, each accepted its own
/// assignment, and the merged outcome lacked the rejection; `partition` now keeps every
/// assignment of a code in one part.
#[test]
fn a_promo_code_assigned_twice_is_refused_on_threads_as_in_one_piece() {
    let program = support::program_file("usage-coupon");
    let mut book = Book::new();
    let code = |partner: &str| EventKind::PromoCodeAssigned {
        partner: partner.into(),
        code: "SPRING".to_owned(),
    };
    book.partner("p", msk(2025, 4, 1, 9, 0))
        .partner("q", msk(2025, 4, 1, 9, 5))
        .push("p-code", msk(2025, 4, 2, 9, 0), code("p"))
        .push("q-code", msk(2025, 4, 3, 9, 0), code("q"));
    let ledger = book.ledger();
    let one_piece = commission_rules::evaluate_with(&program, &ledger, Mode::Lenient).unwrap();
    let refused: Vec<&str> = one_piece
        .rejections
        .iter()
        .map(|r| r.event.as_str())
        .collect();
    assert_eq!(refused, ["q-code"]);
    let on_threads = evaluate_parallel(&program, &ledger, Mode::Lenient, 2).unwrap();
    let refused: Vec<&str> = on_threads
        .rejections
        .iter()
        .map(|r| r.event.as_str())
        .collect();
    assert_eq!(refused, ["q-code"]);
}

/// Two partner groups under Radist (R-1: 40 % of a client's payment): p1 brings c1, p2
/// brings c2; c1 pays 5,000 RUB on 3 March.
const TWO_RADIST_GROUPS: &str = r#"
{"id":"p1-joins","at":"2024-03-01T09:00:00Z","type":"partner_registered","partner":"p1","legal_form":"legal_entity","currency":"RUB"}
{"id":"p2-joins","at":"2024-03-01T09:01:00Z","type":"partner_registered","partner":"p2","legal_form":"legal_entity","currency":"RUB"}
{"id":"c1-joins","at":"2024-03-02T09:00:00Z","type":"client_registered","client":"c1","referrer":"p1","promo_code":"P1"}
{"id":"c2-joins","at":"2024-03-02T09:01:00Z","type":"client_registered","client":"c2","referrer":"p2","promo_code":"P2"}
{"id":"c1-pays","at":"2024-03-03T09:00:00Z","type":"payment","client":"c1","payment_kind":"subscription","paid_by":"client","amount":{"amount":"5000.00","currency":"RUB"}}
"#;

fn radist_ledger(more: &str) -> Ledger {
    support::jsonl_ledger(&format!("{TWO_RADIST_GROUPS}{more}"))
}

/// The statements-only outcome of one evaluation, or its error.
fn in_one_piece(ledger: &Ledger, mode: Mode) -> Result<Outcome, commission_rules::Error> {
    let program = programs::radist();
    let mut engine = Engine::with_detail(&program, mode, OutcomeDetail::Statements)?;
    for event in evaluation_order(&program, ledger) {
        engine.apply(event)?;
    }
    engine.outcome()
}

fn refusals(outcome: &Outcome) -> Vec<(String, String)> {
    let reason = |kind: &ErrorKind| {
        format!("{kind:?}")
            .split([' ', '{'])
            .next()
            .unwrap()
            .to_owned()
    };
    outcome
        .rejections
        .iter()
        .map(|r| (r.event.to_string(), reason(&r.reason)))
        .collect()
}

/// A rate that goes to every part shares its id and instant with c1's payment `x`, which
/// comes first: the whole refuses the rate (the id is taken), so c2's 100 USD payment
/// finds no rate and is refused, and p2 earns nothing. Split, the parts without `x`
/// accepted the rate, and p2 earned 100 × 90 × 40 % = 3,600.00 RUB. Such a ledger is
/// now evaluated in one part.
#[test]
fn r_1_a_rate_sharing_an_id_and_instant_with_a_payment_is_refused_on_threads_too() {
    let ledger = radist_ledger(concat!(
        r#"{"id":"x","at":"2024-03-05T09:00:00Z","type":"payment","client":"c1","payment_kind":"subscription","paid_by":"client","amount":{"amount":"1000.00","currency":"RUB"}}"#,
        "\n",
        r#"{"id":"x","at":"2024-03-05T09:00:00Z","type":"fx_rate","base":"USD","quote":"RUB","rate":"90"}"#,
        "\n",
        r#"{"id":"c2-pays-usd","at":"2024-03-06T09:00:00Z","type":"payment","client":"c2","payment_kind":"subscription","paid_by":"client","amount":{"amount":"100.00","currency":"USD"}}"#,
    ));
    let whole = in_one_piece(&ledger, Mode::Lenient).unwrap();
    let refused = [
        ("x".to_owned(), "DuplicateEventId".to_owned()),
        ("c2-pays-usd".to_owned(), "MissingFxRate".to_owned()),
    ];
    assert_eq!(refusals(&whole), refused);
    assert!(whole.totals.iter().all(|t| t.partner.as_str() != "p2"));
    for threads in 2..=4 {
        let split = evaluate_parallel(&programs::radist(), &ledger, Mode::Lenient, threads);
        assert_eq!(split.unwrap(), whole, "{threads} threads");
    }
    assert_eq!(partition(&ledger, 3).len(), 1, "not split");
}

/// A rate refused in every part (a zero rate) and p2-typo's contract (no such partner),
/// sharing id and instant: both are refused, and both rejections are kept. Split, the
/// contract's part and another each refused the rate, and the merge, which keeps one
/// rejection per id and instant across parts (the copies of a rate's), dropped the
/// contract's; such a ledger is now evaluated in one part.
#[test]
fn two_refusals_sharing_an_id_and_instant_are_both_kept_on_threads() {
    let ledger = radist_ledger(concat!(
        r#"{"id":"y","at":"2024-03-05T09:00:00Z","type":"fx_rate","base":"USD","quote":"RUB","rate":"0"}"#,
        "\n",
        r#"{"id":"y","at":"2024-03-05T09:00:00Z","type":"contract_signed","partner":"p2-typo"}"#,
    ));
    let whole = in_one_piece(&ledger, Mode::Lenient).unwrap();
    let refused = [
        ("y".to_owned(), "InvalidFxRate".to_owned()),
        ("y".to_owned(), "UnknownPartner".to_owned()),
    ];
    assert_eq!(refusals(&whole), refused);
    let split = evaluate_parallel(&programs::radist(), &ledger, Mode::Lenient, 3).unwrap();
    assert_eq!(split, whole);
    assert_eq!(partition(&ledger, 3).len(), 1, "not split");
}

/// A refund naming no payment of the ledger shares its id and instant with c2's payment
/// `z`: the whole refuses it as a second `z`. It was sent to the first part, away from
/// `z`, and refused for the unknown payment instead (strict mode named that reason).
#[test]
fn a_stray_refund_sharing_an_id_with_a_payment_is_refused_as_in_one_piece() {
    let ledger = radist_ledger(concat!(
        r#"{"id":"z","at":"2024-03-05T09:00:00Z","type":"payment","client":"c2","payment_kind":"subscription","paid_by":"client","amount":{"amount":"100.00","currency":"RUB"}}"#,
        "\n",
        r#"{"id":"z","at":"2024-03-05T09:00:00Z","type":"refund","payment":"no-such-payment","amount":{"amount":"1.00","currency":"RUB"}}"#,
    ));
    let whole = in_one_piece(&ledger, Mode::Lenient).unwrap();
    assert_eq!(
        refusals(&whole),
        [("z".to_owned(), "DuplicateEventId".to_owned())]
    );
    let split = evaluate_parallel(&programs::radist(), &ledger, Mode::Lenient, 2).unwrap();
    assert_eq!(split, whole);
    let strict = evaluate_parallel(&programs::radist(), &ledger, Mode::Strict, 2).unwrap_err();
    assert_eq!(strict, in_one_piece(&ledger, Mode::Strict).unwrap_err());
    assert_eq!(strict.kind(), &ErrorKind::DuplicateEventId);
}

/// Strict: c1's 100 USD payment `a` (no rate) comes before the second `x` of c2 at the
/// same instant, so one evaluation stops at `a`. Split, the error of `x` was ranked by the
/// first `x` (before `a`) and won; the event that failed is compared now.
#[test]
fn strict_threads_stop_at_the_event_that_failed_first_not_at_its_id() {
    let ledger = radist_ledger(concat!(
        r#"{"id":"x","at":"2024-03-05T09:00:00Z","type":"payment","client":"c2","payment_kind":"subscription","paid_by":"client","amount":{"amount":"100.00","currency":"RUB"}}"#,
        "\n",
        r#"{"id":"a","at":"2024-03-05T09:00:00Z","type":"payment","client":"c1","payment_kind":"subscription","paid_by":"client","amount":{"amount":"100.00","currency":"USD"}}"#,
        "\n",
        r#"{"id":"x","at":"2024-03-05T09:00:00Z","type":"payment","client":"c2","payment_kind":"subscription","paid_by":"client","amount":{"amount":"50.00","currency":"RUB"}}"#,
    ));
    let whole = in_one_piece(&ledger, Mode::Strict).unwrap_err();
    assert_eq!(whole.event().map(|e| e.as_str()), Some("a"));
    for threads in 2..=4 {
        let split = evaluate_parallel(&programs::radist(), &ledger, Mode::Strict, threads);
        assert_eq!(split.unwrap_err(), whole, "{threads} threads");
    }
}
