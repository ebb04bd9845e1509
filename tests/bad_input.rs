//! Bad input: each kind is a typed error naming the event (strict mode), or a rejection
//! with its reason while everything else is kept (lenient mode). Never a panic.

mod support;

use chrono::{TimeZone, Utc};
use commission_rules::{
    Currency, Engine, Error, ErrorKind, Event, EventKind, LineKind, Mode, Money, Rate, evaluate,
    evaluate_with, evaluation_order, programs,
};
use support::{Book, d, msk, rub};

/// A partner with one attributed client, the common start of every case.
fn base() -> Book {
    let mut book = Book::new();
    book.partner("p1", msk(2024, 1, 1, 10, 0))
        .client("c1", msk(2024, 1, 2, 10, 0), Some("p1"));
    book
}

fn strict_error(book: &Book) -> Error {
    evaluate(&programs::radist(), &book.ledger()).unwrap_err()
}

fn assert_names(err: &Error, event: &str) {
    assert_eq!(err.event().map(|e| e.as_str()), Some(event), "{err}");
}

#[test]
fn duplicate_event_id() {
    let mut book = base();
    book.pays("pay", msk(2024, 2, 1, 10, 0), "c1", rub("100"))
        .pays("pay", msk(2024, 2, 2, 10, 0), "c1", rub("100"));
    let err = strict_error(&book);
    assert_names(&err, "pay");
    assert_eq!(err.kind(), &ErrorKind::DuplicateEventId);
}

#[test]
fn negative_and_zero_payments() {
    for amount in ["-5000", "0"] {
        let mut book = base();
        book.pays("bad-pay", msk(2024, 2, 1, 10, 0), "c1", rub(amount));
        let err = strict_error(&book);
        assert_names(&err, "bad-pay");
        assert_eq!(
            err.kind(),
            &ErrorKind::NonPositiveAmount {
                amount: rub(amount)
            }
        );
    }
}

#[test]
fn over_precise_and_out_of_range_amounts() {
    let mut book = base();
    book.pays(
        "fraction-of-kopeck",
        msk(2024, 2, 1, 10, 0),
        "c1",
        rub("10.005"),
    );
    let err = strict_error(&book);
    assert_eq!(
        err.kind(),
        &ErrorKind::AmountTooPrecise {
            amount: rub("10.005"),
            minor_units: 2
        }
    );

    let mut book = base();
    book.pays(
        "too-big",
        msk(2024, 2, 1, 10, 0),
        "c1",
        rub("1000000000000.01"),
    );
    assert!(matches!(
        strict_error(&book).kind(),
        ErrorKind::AmountOutOfRange { .. }
    ));

    // 10^12 itself is accepted and computed without overflow: 40 % = 4 × 10^11.
    let mut book = base();
    book.pays("limit", msk(2024, 2, 1, 10, 0), "c1", rub("1000000000000"));
    let outcome = evaluate(&programs::radist(), &book.ledger()).unwrap();
    assert_eq!(outcome.lines[0].amount, rub("400000000000.00"));
}

#[test]
fn unknown_currency_code() {
    let mut book = base();
    let xqz = Currency::new("XQZ").unwrap();
    book.pays(
        "odd-currency",
        msk(2024, 2, 1, 10, 0),
        "c1",
        Money::new(d("100"), xqz),
    );
    let err = strict_error(&book);
    assert_names(&err, "odd-currency");
    assert_eq!(err.kind(), &ErrorKind::UnknownCurrency { currency: xqz });
    assert_eq!(
        err.to_string(),
        "event odd-currency: XQZ is not a known ISO 4217 currency"
    );
}

#[test]
fn unknown_client_and_unknown_partner() {
    let mut book = base();
    book.pays("ghost-pays", msk(2024, 2, 1, 10, 0), "ghost", rub("100"));
    let err = strict_error(&book);
    assert_names(&err, "ghost-pays");
    assert_eq!(
        err.kind(),
        &ErrorKind::UnknownClient {
            client: "ghost".into()
        }
    );

    let mut book = base();
    book.client("c2", msk(2024, 2, 1, 10, 0), Some("nobody"));
    let err = strict_error(&book);
    assert_names(&err, "c2-registers");
    assert_eq!(
        err.kind(),
        &ErrorKind::UnknownPartner {
            partner: "nobody".into()
        }
    );
}

#[test]
fn payment_before_the_clients_registration() {
    let mut book = Book::new();
    book.partner("p1", msk(2024, 1, 1, 10, 0))
        .pays("early", msk(2024, 1, 5, 10, 0), "c1", rub("100"))
        .client("c1", msk(2024, 1, 10, 10, 0), Some("p1"));
    // In time order the payment comes first, when c1 does not exist yet.
    let err = strict_error(&book);
    assert_names(&err, "early");
    assert_eq!(
        err.kind(),
        &ErrorKind::UnknownClient {
            client: "c1".into()
        }
    );

    // Fed out of time order to an engine, the same payment is dated before registration.
    let program = programs::radist();
    let mut engine = Engine::new(&program, Mode::Strict).unwrap();
    for event in &book.events[..1] {
        engine.apply(event).unwrap();
    }
    engine.apply(&book.events[2]).unwrap();
    let err = engine.apply(&book.events[1]).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::OutOfOrder { .. }));
}

#[test]
fn currency_without_an_fx_rate_then_with_one() {
    let usd = |amount: &str| Money::new(d(amount), Currency::USD);
    let mut book = base();
    book.pays("usd-pay", msk(2024, 2, 1, 10, 0), "c1", usd("50"));
    let err = strict_error(&book);
    assert_names(&err, "usd-pay");
    assert_eq!(
        err.kind(),
        &ErrorKind::MissingFxRate {
            from: Currency::USD,
            to: Currency::RUB
        }
    );
    assert_eq!(
        err.to_string(),
        "event usd-pay: no USD/RUB exchange rate is in force at this time"
    );

    // With a rate published that day: $50 × 90 = 4,500 RUB, 40 % = 1,800 RUB (no markup).
    let mut book = base();
    book.fx(
        "cb-rate",
        msk(2024, 2, 1, 0, 0),
        Currency::USD,
        Currency::RUB,
        "90",
    )
    .pays("usd-pay", msk(2024, 2, 1, 10, 0), "c1", usd("50"));
    let outcome = evaluate(&programs::radist(), &book.ledger()).unwrap();
    let line = &outcome.lines[0];
    assert_eq!(line.amount, rub("1800.00"));
    assert_eq!(
        line.explanation.fx.as_ref().map(|fx| fx.applied_rate),
        Some(d("90"))
    );
    assert_eq!(outcome.settlements[0].gross, rub("4500.00"));
}

#[test]
fn dates_out_of_range() {
    let mut book = base();
    let far = Utc.with_ymd_and_hms(2300, 1, 1, 0, 0, 0).unwrap();
    book.pays("far-future", far, "c1", rub("100"));
    let err = strict_error(&book);
    assert_names(&err, "far-future");
    assert!(matches!(err.kind(), ErrorKind::DateOutOfRange { .. }));
}

#[test]
fn withdrawal_requests_are_not_part_of_an_automatic_payout_program() {
    let mut book = base();
    let kind = EventKind::WithdrawalRequested {
        partner: "p1".into(),
        amount: rub("100"),
    };
    book.push("withdraw", msk(2024, 2, 1, 10, 0), kind);
    let err = strict_error(&book);
    assert_names(&err, "withdraw");
    assert!(matches!(err.kind(), ErrorKind::NotInProgram { .. }));
}

#[test]
fn a_rule_set_that_fails_validation_is_refused_before_any_event() {
    let mut program = programs::radist();
    if let commission_rules::rules::RuleKind::Reward(reward) =
        &mut program.versions[2].rules[0].kind
    {
        reward.rate = commission_rules::rules::RateSchedule::flat(Rate::whole_percent(140));
    }
    let err = evaluate(&program, &base().ledger()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "rule set at versions[2].rules[0].rate.rate_percent: rate 140% is outside 0–100%"
    );
}

/// Lenient mode: every bad event above is rejected with its reason; the good ones are
/// evaluated exactly as if the bad ones were not there.
#[test]
fn lenient_mode_rejects_bad_events_and_keeps_everything_else() {
    let mut good = base();
    good.pays("good-1", msk(2024, 2, 1, 10, 0), "c1", rub("1000"))
        .pays("good-2", msk(2024, 3, 1, 10, 0), "c1", rub("2000"));
    let mut mixed = Book {
        events: good.events.clone(),
    };
    mixed
        .pays("good-1", msk(2024, 2, 2, 10, 0), "c1", rub("1"))
        .pays("negative", msk(2024, 2, 3, 10, 0), "c1", rub("-1"))
        .pays("ghost", msk(2024, 2, 4, 10, 0), "nobody", rub("1"))
        .pays(
            "usd",
            msk(2024, 2, 5, 10, 0),
            "c1",
            Money::new(d("1"), Currency::USD),
        );
    let program = programs::radist();
    let clean = evaluate(&program, &good.ledger()).unwrap();
    let lenient = evaluate_with(&program, &mixed.ledger(), Mode::Lenient).unwrap();

    let reasons: Vec<_> = lenient
        .rejections
        .iter()
        .map(|r| (r.event.as_str(), &r.reason))
        .collect();
    assert_eq!(
        reasons,
        [
            ("good-1", &ErrorKind::DuplicateEventId),
            (
                "negative",
                &ErrorKind::NonPositiveAmount { amount: rub("-1") }
            ),
            (
                "ghost",
                &ErrorKind::UnknownClient {
                    client: "nobody".into()
                }
            ),
            (
                "usd",
                &ErrorKind::MissingFxRate {
                    from: Currency::USD,
                    to: Currency::RUB
                }
            ),
        ]
    );
    assert_eq!(lenient.lines, clean.lines);
    assert_eq!(lenient.statements, clean.statements);
    assert_eq!(
        lenient
            .lines
            .iter()
            .filter(|l| l.kind == LineKind::Accrual)
            .count(),
        2
    );
}

#[test]
fn malformed_json_is_a_parse_error_not_a_panic() {
    let broken =
        r#"[{"id":"e1","at":"2024-13-01T00:00:00Z","type":"contract_signed","partner":"p1"}]"#;
    assert!(serde_json::from_str::<commission_rules::Ledger>(broken).is_err());
    let lower_case_currency = r#"{"id":"e1","at":"2024-01-01T00:00:00Z","type":"partner_registered",
        "partner":"p1","legal_form":"legal_entity","currency":"rub"}"#;
    assert!(serde_json::from_str::<Event>(lower_case_currency).is_err());
}

// Wazzup's refusals: refunds, transfers, the partner account ----------------------------

fn wazzup_base() -> Book {
    let mut book = Book::new();
    book.partner("p1", msk(2024, 1, 1, 10, 0))
        .partner("p2", msk(2024, 1, 1, 10, 0))
        .top_up("top-up", msk(2024, 1, 1, 11, 0), "p1", rub("1000"))
        .cabinet_client("c1", msk(2024, 1, 2, 10, 0), "p1")
        .pays("paid", msk(2024, 1, 3, 10, 0), "c1", rub("3000"));
    book
}

fn wazzup_error(book: &Book) -> Error {
    evaluate(&programs::wazzup(), &book.ledger()).unwrap_err()
}

#[test]
fn a_refund_where_refunds_are_forbidden() {
    let mut book = wazzup_base();
    let refund = EventKind::Refund {
        payment: "paid".into(),
        amount: rub("100"),
    };
    book.push("refund", msk(2024, 1, 4, 10, 0), refund);
    let err = wazzup_error(&book);
    assert_names(&err, "refund");
    assert_eq!(err.kind(), &ErrorKind::RefundForbidden);
}

#[test]
fn a_transfer_without_consent_and_a_transfer_of_an_unknown_client() {
    let mut book = wazzup_base();
    book.transfer("no-consent", msk(2024, 1, 4, 10, 0), "c1", "p2", false);
    let err = wazzup_error(&book);
    assert_names(&err, "no-consent");
    assert_eq!(
        err.kind(),
        &ErrorKind::TransferWithoutConsent {
            client: "c1".into()
        }
    );

    let mut book = wazzup_base();
    book.transfer("ghost", msk(2024, 1, 4, 10, 0), "nobody", "p2", true);
    let err = wazzup_error(&book);
    assert_names(&err, "ghost");
    assert_eq!(
        err.kind(),
        &ErrorKind::UnknownClient {
            client: "nobody".into()
        }
    );
}

#[test]
fn a_withdrawal_or_a_purchase_above_the_balance() {
    let mut book = wazzup_base();
    book.withdraw("too-much", msk(2024, 1, 4, 10, 0), "p1", rub("1000.01"));
    let err = wazzup_error(&book);
    assert_names(&err, "too-much");
    assert_eq!(
        err.kind(),
        &ErrorKind::InsufficientBalance {
            available: rub("1000"),
            requested: rub("1000.01")
        }
    );

    let mut book = wazzup_base();
    book.partner_pays("resale", msk(2024, 1, 4, 10, 0), "c1", "p1", rub("3000"));
    let err = wazzup_error(&book);
    assert_names(&err, "resale");
    assert!(matches!(err.kind(), ErrorKind::InsufficientBalance { .. }));
}

/// Lenient mode under Wazzup: each refusal above is a rejection with its reason; the
/// rest of the ledger gives exactly the lines it gives alone.
#[test]
fn lenient_mode_keeps_everything_but_the_refused_events() {
    let good = wazzup_base();
    let mut mixed = wazzup_base();
    let refund = EventKind::Refund {
        payment: "paid".into(),
        amount: rub("100"),
    };
    mixed
        .push("refund", msk(2024, 1, 4, 10, 0), refund)
        .transfer("no-consent", msk(2024, 1, 4, 11, 0), "c1", "p2", false)
        .withdraw("too-much", msk(2024, 1, 4, 12, 0), "p1", rub("5000"))
        .partner_pays("resale", msk(2024, 1, 4, 13, 0), "c1", "p1", rub("3000"));
    let program = programs::wazzup();
    let clean = evaluate(&program, &good.ledger()).unwrap();
    let lenient = evaluate_with(&program, &mixed.ledger(), Mode::Lenient).unwrap();
    let rejected: Vec<_> = lenient
        .rejections
        .iter()
        .map(|r| r.event.as_str())
        .collect();
    assert_eq!(rejected, ["refund", "no-consent", "too-much", "resale"]);
    assert_eq!(lenient.lines, clean.lines);
    assert_eq!(lenient.statements, clean.statements);
}

// Limits ------------------------------------------------------------------------------------

/// Amounts of 10^12 every year for two centuries: no overflow, every line exact.
#[test]
fn amounts_of_ten_to_the_twelve_over_two_centuries() {
    let mut book = Book::new();
    book.partner("p1", msk(1950, 1, 1, 10, 0))
        .client("c1", msk(1950, 1, 2, 10, 0), Some("p1"));
    for year in 1950..2150 {
        book.pays(
            &format!("pay-{year}"),
            msk(year, 6, 1, 10, 0),
            "c1",
            rub("1000000000000"),
        );
    }
    let outcome = evaluate(&programs::radist(), &book.ledger()).unwrap();
    let accruals: Vec<_> = outcome
        .lines
        .iter()
        .filter(|l| matches!(l.kind, LineKind::Accrual))
        .collect();
    assert_eq!(accruals.len(), 200);
    // Before 2020 the illustrative 30 %, then 40 % (R-4, R-1; no status granted).
    assert_eq!(accruals[0].amount, rub("300000000000"));
    assert_eq!(accruals[199].amount, rub("400000000000"));
}

/// A rate that makes a converted amount exceed what `Decimal` holds is a typed overflow
/// naming the payment, never a panic.
#[test]
fn an_overflowing_conversion_is_a_typed_error() {
    let mut book = base();
    book.fx(
        "absurd-rate",
        msk(2024, 1, 3, 10, 0),
        Currency::USD,
        Currency::RUB,
        "100000000000000000000",
    )
    .pays(
        "huge",
        msk(2024, 1, 4, 10, 0),
        "c1",
        Money::new(d("1000000000000"), Currency::USD),
    );
    let err = strict_error(&book);
    assert_names(&err, "huge");
    assert_eq!(err.kind(), &ErrorKind::Overflow);
}

/// A partner's payment in a currency with no rate is fine where nothing needs converting:
/// Radist rewards no partner payment, so no rate is required and nothing is booked.
#[test]
fn a_foreign_partner_payment_needs_no_rate_where_no_rule_converts_it() {
    let mut book = base();
    book.push(
        "held",
        msk(2024, 1, 3, 10, 0),
        EventKind::ClientAttached {
            client: "c1".into(),
            partner: "p1".into(),
            basis: commission_rules::AttachBasis::Support,
            refused: false,
        },
    )
    .partner_pays(
        "usd-resale",
        msk(2024, 1, 4, 10, 0),
        "c1",
        "p1",
        Money::new(d("30"), Currency::USD),
    );
    let outcome = evaluate(&programs::radist(), &book.ledger()).unwrap();
    assert!(outcome.lines.is_empty());
}

/// A snapshot whose client state has a field this build does not know (an older layout)
/// is refused when read, rather than read without it.
#[test]
fn a_snapshot_of_another_layout_is_refused() {
    let program = programs::radist();
    let mut engine = Engine::new(&program, Mode::Strict).unwrap();
    let ledger = base().ledger();
    for event in evaluation_order(&program, &ledger) {
        engine.apply(event).unwrap();
    }
    let json = serde_json::to_string(&engine.snapshot()).unwrap();
    assert!(serde_json::from_str::<commission_rules::Snapshot>(&json).is_ok());
    let older = json.replace(
        r#""has_paid":false"#,
        r#""has_paid":false,"promo_code":null"#,
    );
    assert_ne!(older, json);
    let err = serde_json::from_str::<commission_rules::Snapshot>(&older).unwrap_err();
    assert!(err.to_string().contains("promo_code"), "{err}");
}

/// A snapshot that does not record where its last event sorts (an older one) still
/// refuses an event dated before its last instant.
#[test]
fn a_snapshot_without_its_last_order_still_refuses_going_back_in_time() {
    let program = programs::radist();
    let mut engine = Engine::new(&program, Mode::Strict).unwrap();
    let ledger = base().ledger();
    for event in evaluation_order(&program, &ledger) {
        engine.apply(event).unwrap();
    }
    let last = engine.outcome().unwrap().as_of.unwrap();
    let mut json = serde_json::to_value(engine.snapshot()).unwrap();
    json["state"]
        .as_object_mut()
        .unwrap()
        .remove("last_key")
        .unwrap();
    let snapshot: commission_rules::Snapshot = serde_json::from_value(json).unwrap();
    let mut resumed = Engine::resume(&program, snapshot, Mode::Strict).unwrap();
    let earlier = commission_rules::Event::new(
        "late-joiner",
        last - chrono::Duration::days(1),
        commission_rules::ledger::build::contract_signed("nobody"),
    );
    let error = resumed.apply(&earlier).unwrap_err();
    assert_eq!(error.kind(), &ErrorKind::OutOfOrder { previous: last });
}
