//! Money safety (issue 17): bad or unusual input that used to give wrong money or a panic.
//! Each test names the item it guards and asserts the figure worked by hand. The programs
//! are written as data here, so each case shows exactly the terms it runs under.

mod support;

use chrono::{TimeZone, Utc};
use commission_rules::{
    Currency, Engine, ErrorKind, EventKind, LegalForm, LineKind, Mode, Money, Outcome, Payer,
    Payment, PaymentKind, Period, RuleSet, evaluate, evaluate_with, programs,
};
use rust_decimal::Decimal;
use support::{Book, d, eur, lines_from, msk, rub, utc};

/// A program in UTC with the given currency policy and versions (JSON arrays of rules).
fn program(currency: &str, booking: &str, versions: &[(&str, &str)]) -> RuleSet {
    let versions: Vec<String> = versions
        .iter()
        .enumerate()
        .map(|(index, (from, rules))| {
            let from = match *from {
                "" => "null".to_owned(),
                date => format!("\"{date}\""),
            };
            format!(r#"{{"effective_from": {from}, "label": "v{index}", "rules": {rules}}}"#)
        })
        .collect();
    let json = format!(
        r#"{{"program": "money-safety", "name": "test terms", "time_zone": "+00:00",
            "currency": {{"program_currency": "{currency}", "booking": "{booking}",
                          "fx_markup_percent": "0"}},
            "rounding": "half_away_from_zero",
            "names": {{"statuses": ["gold"], "perks": ["widgets", "perk-a", "perk-b"]}},
            "versions": [{}]}}"#,
        versions.join(",")
    );
    RuleSet::from_json(&json).unwrap()
}

fn sum(outcome: &Outcome, kind: LineKind) -> Decimal {
    outcome
        .lines
        .iter()
        .filter(|line| line.kind == kind)
        .map(|line| line.amount.amount)
        .sum()
}

/// Partner p1, a legal entity with its account in `currency`, registered 1 Jan 2026.
fn p1_in(book: &mut Book, currency: Currency) -> &mut Book {
    book.partner_with(
        "p1",
        utc(2026, 1, 1, 9, 0),
        LegalForm::LegalEntity,
        currency,
    )
}

fn usd(text: &str) -> Money {
    Money::new(d(text), Currency::USD)
}

/// A partner-paid subscription for a paid period, optionally at a list price.
fn purchase(
    client: &str,
    partner: &str,
    amount: Money,
    period: Option<Period>,
    list_price: Option<Money>,
) -> EventKind {
    let mut payment = Payment::by_client(client.into(), PaymentKind::Subscription, amount);
    payment.paid_by = Payer::Partner(partner.into());
    payment.period = period;
    payment.list_price = list_price;
    EventKind::Payment(payment)
}

// Item 1: every date of an event inside the supported years, periods well ordered.

#[test]
fn item_1_a_paid_period_past_the_supported_years_is_rejected_not_a_panic() {
    let far = Utc.with_ymd_and_hms(262_142, 12, 31, 23, 0, 0).unwrap();
    let period = Period {
        from: msk(2024, 1, 2, 0, 0),
        to: far,
    };
    let mut book = Book::new();
    book.partner("p1", msk(2024, 1, 1, 10, 0))
        .cabinet_client("c1", msk(2024, 1, 1, 11, 0), "p1")
        .push(
            "pay",
            msk(2024, 1, 2, 10, 0),
            purchase("c1", "p1", rub("3000"), Some(period), None),
        )
        .push(
            "cancel",
            msk(2024, 2, 1, 10, 0),
            EventKind::SubscriptionCancelled {
                payment: "pay".into(),
            },
        );
    let outcome = evaluate_with(&programs::wazzup(), &book.ledger(), Mode::Lenient).unwrap();
    let reasons: Vec<_> = outcome.rejections.iter().map(|r| &r.reason).collect();
    assert_eq!(
        reasons,
        [
            &ErrorKind::DateOutOfRange { at: far },
            &ErrorKind::UnknownPayment {
                payment: "pay".into()
            }
        ]
    );
    assert!(outcome.lines.is_empty());
}

#[test]
fn item_1_an_inverted_or_empty_paid_period_is_rejected() {
    for (from, to) in [
        (msk(2024, 3, 1, 0, 0), msk(2024, 2, 1, 0, 0)),
        (msk(2024, 3, 1, 0, 0), msk(2024, 3, 1, 0, 0)),
    ] {
        let mut book = Book::new();
        book.partner("p1", msk(2024, 1, 1, 10, 0))
            .cabinet_client("c1", msk(2024, 1, 1, 11, 0), "p1")
            .push(
                "pay",
                msk(2024, 1, 2, 10, 0),
                purchase("c1", "p1", rub("3000"), Some(Period { from, to }), None),
            );
        let error = evaluate(&programs::wazzup(), &book.ledger()).unwrap_err();
        assert_eq!(error.event().map(|id| id.as_str()), Some("pay"));
        assert_eq!(error.kind(), &ErrorKind::InvalidPeriod { from, to });
    }
}

// Item 2: day and month counts bounded in validation.

#[test]
fn item_2_day_and_month_counts_above_a_hundred_years_are_rejected_with_their_path() {
    let payout = |days: u32| {
        format!(
            r#"[{{"id": "pay", "clause": "T-1", "rule": "payout", "schedule": "automatic", "delay_days": {days}}}]"#
        )
    };
    let ok = payout(36_525);
    program("RUB", "program_currency", &[("", &ok)]);
    for days in ["36526", "95006513", "3000000"] {
        let rules = payout(days.parse().unwrap());
        let json = serde_json::to_string(&program_json(&rules)).unwrap();
        let error = RuleSet::from_json(&json).unwrap_err().to_string();
        assert_eq!(
            error,
            format!(
                "rule set at versions[0].rules[0].delay_days: {days} days is too long: at most 36525 days (100 years)"
            )
        );
    }
    let window = r#"[{"id": "r", "clause": "T-1", "rule": "reward", "payments": {"paid_by": "client"},
        "beneficiary": "referrer", "rate": {"schedule": "flat", "rate_percent": "10"},
        "base": "amount_paid", "window": {"from": "client_registered", "length": {"months": 1201}},
        "credit": "at_payment", "form": "accrual"}]"#;
    let json = serde_json::to_string(&program_json(window)).unwrap();
    assert_eq!(
        RuleSet::from_json(&json).unwrap_err().to_string(),
        "rule set at versions[0].rules[0].window.length.months: 1201 months is too long: at most 1200 months (100 years)"
    );
    // Item 9's case: an entitlement lasting 4e9 months no longer reaches the engine.
    let perk = r#"[{"id": "perk", "clause": "T-1", "rule": "entitlement", "perk": "chat",
        "starts": "partner_registered", "lasts": {"months": 4000000000}}]"#;
    let json = serde_json::to_string(&program_json(perk)).unwrap();
    assert!(
        RuleSet::from_json(&json)
            .unwrap_err()
            .to_string()
            .starts_with("rule set at versions[0].rules[0].lasts.months: 4000000000 months")
    );
}

/// The JSON of a one-version RUB program with these rules, unvalidated.
fn program_json(rules: &str) -> serde_json::Value {
    let rules: serde_json::Value = serde_json::from_str(rules).unwrap();
    serde_json::json!({
        "program": "money-safety", "name": "test terms", "time_zone": "+00:00",
        "currency": {"program_currency": "RUB", "booking": "program_currency",
                     "fx_markup_percent": "0"},
        "rounding": "half_away_from_zero",
        "versions": [{"effective_from": null, "label": "v1", "rules": rules}]
    })
}

// Item 3: a rule id shared by two versions takes each version's own terms.

const RECURRING_V1: &str = r#"[{"id": "recurring", "clause": "T-1", "rule": "reward",
    "payments": {"paid_by": "client"}, "beneficiary": "referrer",
    "rate": {"schedule": "flat", "rate_percent": "20"}, "base": "amount_paid",
    "credit": "at_payment", "form": "accrual"}]"#;
const RECURRING_V2: &str = r#"[{"id": "recurring", "clause": "T-2", "rule": "reward",
    "payments": {"paid_by": "client"}, "beneficiary": "referrer",
    "rate": {"schedule": "flat", "rate_percent": "25"}, "base": "amount_paid",
    "credit": "at_payment", "form": "accrual",
    "per_client": {"max_payments": 2, "max_total": {"amount": "30", "currency": "EUR"}}}]"#;

#[test]
fn item_3_a_rule_id_shared_by_two_versions_is_capped_by_its_own_version() {
    let terms = program(
        "EUR",
        "program_currency",
        &[("", RECURRING_V1), ("2026-01-01", RECURRING_V2)],
    );
    let mut book = Book::new();
    book.partner_with(
        "p1",
        utc(2025, 6, 1, 9, 0),
        LegalForm::LegalEntity,
        Currency::EUR,
    )
    .client("c1", utc(2025, 6, 2, 9, 0), Some("p1"));
    for month in 1..=6 {
        book.pays(
            &format!("pay-{month}"),
            utc(2026, month, 5, 9, 0),
            "c1",
            eur("100"),
        );
    }
    let outcome = evaluate(&terms, &book.ledger()).unwrap();
    // v2: 25 % of 100 = 25.00; then the 30 EUR cap leaves 5.00; the third payment is
    // past the 2-payment cap. 30.00 in all, not 6 × 25.00 = 150.00.
    let accruals: Vec<_> = outcome
        .lines
        .iter()
        .filter(|line| line.kind == LineKind::Accrual)
        .map(|line| {
            (
                line.source_event.as_str(),
                line.clause.as_str(),
                line.amount,
            )
        })
        .collect();
    assert_eq!(
        accruals,
        [
            ("pay-1", "T-2", eur("25.00")),
            ("pay-2", "T-2", eur("5.00"))
        ]
    );
}

#[test]
fn item_11_a_leaderboard_inside_a_version_ranks_its_months_and_only_one_may_be_in_force() {
    let board =
        r#"[{"id": "board", "clause": "T-9", "rule": "leaderboard", "counter": "referred"}]"#;
    let terms = program(
        "EUR",
        "program_currency",
        &[("", "[]"), ("2026-03-01", board)],
    );
    let mut book = Book::new();
    p1_in(&mut book, Currency::EUR)
        .client("c1", utc(2026, 2, 2, 9, 0), Some("p1"))
        .client("c2", utc(2026, 3, 2, 9, 0), Some("p1"))
        .client("c3", utc(2026, 3, 3, 9, 0), Some("p1"));
    let outcome = evaluate(&terms, &book.ledger()).unwrap();
    // February is before the version with the leaderboard: only March is ranked.
    assert_eq!(outcome.leaderboards.len(), 1);
    let march = &outcome.leaderboards[0];
    assert_eq!(
        (march.month.to_string().as_str(), march.clause.as_str()),
        ("2026-03", "T-9")
    );
    assert_eq!(march.entries[0].new_clients, 2);

    let two = r#"[{"id": "b1", "clause": "T-9", "rule": "leaderboard", "counter": "referred"},
                  {"id": "b2", "clause": "T-9", "rule": "leaderboard", "counter": "paying"}]"#;
    let json = serde_json::to_string(&program_json(two)).unwrap();
    assert_eq!(
        RuleSet::from_json(&json).unwrap_err().to_string(),
        "rule set at versions[0].rules: more than one leaderboard is in force"
    );
}

// Item 4: amounts converted into the partner account's currency before booking.

const MILESTONE_AND_WITHDRAWALS: &str = r#"[
    {"id": "first-client", "clause": "T-4", "rule": "bonus",
     "trigger": {"count_reached": {"counter": "referred", "count": 1}},
     "amount": {"amount": "1000", "currency": "RUB"}},
    {"id": "payouts", "clause": "T-5", "rule": "payout", "schedule": "on_request", "delay_days": 0}]"#;

#[test]
fn item_4_a_bonus_in_the_program_currency_is_converted_into_a_usd_account() {
    let terms = program("RUB", "partner_account", &[("", MILESTONE_AND_WITHDRAWALS)]);
    let mut book = Book::new();
    p1_in(&mut book, Currency::USD)
        .fx(
            "usd-rub",
            utc(2026, 1, 1, 10, 0),
            Currency::USD,
            Currency::RUB,
            "100",
        )
        .client("c1", utc(2026, 1, 2, 9, 0), Some("p1"))
        .withdraw("too-much", utc(2026, 1, 3, 9, 0), "p1", usd("1010.00"))
        .withdraw("all", utc(2026, 1, 4, 9, 0), "p1", usd("10.00"));
    let outcome = evaluate_with(&terms, &book.ledger(), Mode::Lenient).unwrap();
    // 1000 RUB at 1 / 100 USD per RUB = 10.00 USD.
    let bonus = support::line_from(&outcome, "c1-registers", LineKind::Bonus);
    assert_eq!(bonus.amount, usd("10.00"));
    assert_eq!(
        bonus.explanation.fx.as_ref().unwrap().applied_rate,
        d("0.01")
    );
    assert_eq!(outcome.rejections.len(), 1);
    assert_eq!(
        outcome.rejections[0].reason,
        ErrorKind::InsufficientBalance {
            available: usd("10.00"),
            requested: usd("1010.00")
        }
    );
    let january = outcome
        .statements
        .iter()
        .find(|s| s.partner.as_str() == "p1")
        .unwrap();
    assert_eq!(january.closing, usd("0.00"));
}

#[test]
fn item_4_and_9_without_a_rate_the_registration_is_rejected_whole() {
    let terms = program("RUB", "partner_account", &[("", MILESTONE_AND_WITHDRAWALS)]);
    let mut book = Book::new();
    p1_in(&mut book, Currency::USD)
        .client("c1", utc(2026, 1, 2, 9, 0), Some("p1"))
        .pays("pay", utc(2026, 1, 3, 9, 0), "c1", rub("500"));
    let outcome = evaluate_with(&terms, &book.ledger(), Mode::Lenient).unwrap();
    let reasons: Vec<_> = outcome
        .rejections
        .iter()
        .map(|r| r.reason.clone())
        .collect();
    // The client was never registered: its payment names an unknown client.
    assert_eq!(
        reasons,
        [
            ErrorKind::MissingFxRate {
                from: Currency::RUB,
                to: Currency::USD
            },
            ErrorKind::UnknownClient {
                client: "c1".into()
            }
        ]
    );
    assert!(outcome.lines.is_empty());
}

// Item 5: clawbacks kept as a running total per payment.

/// `example-saas` (SAAS-3: a refund within 30 days claws back in proportion) at `rate` %.
fn saas_at(rate: &str) -> RuleSet {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/programs/example-saas.json");
    let json = std::fs::read_to_string(path).unwrap();
    let json = json.replace(
        r#""rate_percent": "25""#,
        &format!(r#""rate_percent": "{rate}""#),
    );
    RuleSet::from_json(&json).unwrap()
}

#[test]
fn item_5_a_hundred_refunds_of_one_cent_claw_back_exactly_the_reward() {
    for (rate, reward) in [("50", "0.50"), ("40", "0.40"), ("25", "0.25")] {
        let mut book = Book::new();
        p1_in(&mut book, Currency::EUR)
            .client("c1", utc(2026, 1, 2, 9, 0), Some("p1"))
            .pays("pay", utc(2026, 1, 3, 9, 0), "c1", eur("1.00"));
        for n in 0..100 {
            let at = utc(2026, 1, 4, 9, 0) + chrono::Duration::minutes(n);
            let refund = EventKind::Refund {
                payment: "pay".into(),
                amount: eur("0.01"),
            };
            book.push(&format!("refund-{n}"), at, refund);
        }
        let outcome = evaluate(&saas_at(rate), &book.ledger()).unwrap();
        assert_eq!(sum(&outcome, LineKind::Accrual), d(reward), "at {rate} %");
        let clawed: Decimal = outcome
            .lines
            .iter()
            .filter(|line| line.source_event.as_str().starts_with("refund-"))
            .map(|line| line.amount.amount)
            .sum();
        assert_eq!(clawed, -d(reward), "at {rate} %");
    }
}

#[test]
fn item_5_a_partial_refund_then_the_rest_claws_back_in_proportion_then_exactly() {
    let mut book = Book::new();
    p1_in(&mut book, Currency::EUR)
        .client("c1", utc(2026, 1, 2, 9, 0), Some("p1"))
        .pays("pay", utc(2026, 1, 3, 9, 0), "c1", eur("99.99"));
    for (id, day, amount) in [("r1", 4, "33.33"), ("r2", 5, "33.33"), ("r3", 6, "33.33")] {
        let refund = EventKind::Refund {
            payment: "pay".into(),
            amount: eur(amount),
        };
        book.push(id, utc(2026, 1, day, 9, 0), refund);
    }
    let outcome = evaluate(&saas_at("25"), &book.ledger()).unwrap();
    // 25 % of 99.99 = 24.9975 → 25.00. A third refunded: 25.00 / 3 = 8.333… → 8.33;
    // two thirds: 16.666… → 16.67, less 8.33 = 8.34; all: 25.00 − 16.67 = 8.33.
    assert_eq!(sum(&outcome, LineKind::Accrual), d("25.00"));
    let clawed: Vec<_> = ["r1", "r2", "r3"]
        .iter()
        .map(|id| lines_from(&outcome, id, LineKind::Adjustment)[0].amount)
        .collect();
    assert_eq!(clawed, [eur("-8.33"), eur("-8.34"), eur("-8.33")]);
}

// Items 6 and 7: a purchase never credits; refunds and returns never exceed the payment.

const ACCOUNT_TERMS: &str = r#"[
    {"id": "account", "clause": "T-6", "rule": "partner_account", "top_up_methods": ["card"]},
    {"id": "discount", "clause": "T-6", "rule": "reward", "payments": {"paid_by": "partner"},
     "beneficiary": "payer", "rate": {"schedule": "flat", "rate_percent": "50"},
     "base": "list_price", "credit": "at_payment", "form": "discount"},
    {"id": "refunds", "clause": "T-7", "rule": "refunds", "policy": "no_clawback"},
    {"id": "cancellations", "clause": "T-7", "rule": "cancellations",
     "policy": "return_unused_days"},
    {"id": "payouts", "clause": "T-5", "rule": "payout", "schedule": "on_request", "delay_days": 0}]"#;

fn account_book() -> Book {
    let mut book = Book::new();
    book.partner("p1", utc(2024, 1, 1, 9, 0))
        .cabinet_client("c1", utc(2024, 1, 1, 10, 0), "p1")
        .top_up("top-up", utc(2024, 1, 1, 11, 0), "p1", rub("3000.00"));
    book
}

#[test]
fn item_6_a_discount_larger_than_the_payment_or_a_list_price_below_it_is_rejected() {
    let terms = program("RUB", "program_currency", &[("", ACCOUNT_TERMS)]);
    let mut book = account_book();
    // 50 % of a 1000.00 list price is 500.00 off a 100.00 payment: it would credit 400.00.
    book.push(
        "big-discount",
        utc(2024, 1, 2, 9, 0),
        purchase("c1", "p1", rub("100.00"), None, Some(rub("1000.00"))),
    )
    .push(
        "list-below",
        utc(2024, 1, 2, 10, 0),
        purchase("c1", "p1", rub("100.00"), None, Some(rub("50.00"))),
    )
    .withdraw("withdraw", utc(2024, 1, 3, 9, 0), "p1", rub("3000.01"));
    let outcome = evaluate_with(&terms, &book.ledger(), Mode::Lenient).unwrap();
    let reasons: Vec<_> = outcome
        .rejections
        .iter()
        .map(|r| r.reason.clone())
        .collect();
    assert_eq!(
        reasons,
        [
            ErrorKind::DiscountExceedsPrice {
                price: rub("100.00"),
                discount: rub("500.00")
            },
            ErrorKind::ListPriceBelowAmount {
                list_price: rub("50.00"),
                amount: rub("100.00")
            },
            ErrorKind::InsufficientBalance {
                available: rub("3000.00"),
                requested: rub("3000.01")
            }
        ]
    );
    assert_eq!(sum(&outcome, LineKind::Purchase), Decimal::ZERO);
}

/// A 3000.00 purchase at its list price paying for 2024 (366 days): the 50 % list-price
/// discount takes 1500.00 off, so the account is debited 1500.00.
fn year_purchase(book: &mut Book) {
    let period = Period {
        from: utc(2024, 1, 1, 0, 0),
        to: utc(2025, 1, 1, 0, 0),
    };
    book.push(
        "pay",
        utc(2024, 1, 1, 12, 0),
        purchase(
            "c1",
            "p1",
            rub("3000.00"),
            Some(period),
            Some(rub("3000.00")),
        ),
    );
}

fn refund(book: &mut Book, id: &str, day: u32, amount: &str) {
    let kind = EventKind::Refund {
        payment: "pay".into(),
        amount: rub(amount),
    };
    book.push(id, utc(2024, 1, day, 9, 0), kind);
}

fn cancel(book: &mut Book, day: u32) {
    let kind = EventKind::SubscriptionCancelled {
        payment: "pay".into(),
    };
    book.push("cancel", utc(2024, 1, day, 9, 0), kind);
}

#[test]
fn item_7_a_refunded_payment_returns_only_its_unrefunded_share_on_cancellation() {
    let terms = program("RUB", "program_currency", &[("", ACCOUNT_TERMS)]);
    // The 50 % list-price discount: 1500.00 off, 1500.00 debited.
    // Full refund, then cancellation on 21 Jan: nothing more goes back.
    let mut book = account_book();
    year_purchase(&mut book);
    refund(&mut book, "refund", 11, "3000.00");
    cancel(&mut book, 21);
    let outcome = evaluate(&terms, &book.ledger()).unwrap();
    assert_eq!(sum(&outcome, LineKind::Purchase), d("-1500.00"));
    assert_eq!(sum(&outcome, LineKind::Return), Decimal::ZERO);

    // A third refunded: two thirds of 1500.00 = 1000.00 is returnable; used 1–21 Jan,
    // 345 of 366 days unused: 1000.00 × 345 / 366 = 942.62295… → 942.62.
    let mut book = account_book();
    year_purchase(&mut book);
    refund(&mut book, "refund", 11, "1000.00");
    cancel(&mut book, 21);
    let outcome = evaluate(&terms, &book.ledger()).unwrap();
    assert_eq!(sum(&outcome, LineKind::Return), d("942.62"));
}

#[test]
fn item_7_after_a_cancellation_only_the_unreturned_rest_can_be_refunded() {
    let terms = program("RUB", "program_currency", &[("", ACCOUNT_TERMS)]);
    // Cancelled on 21 Jan: 1500.00 × 345 / 366 = 1413.9344… → 1413.93 returned, i.e.
    // 1413.93 / 1500.00 of the payment; refundable: 3000.00 × (1 − 0.94262) = 172.14.
    let mut book = account_book();
    year_purchase(&mut book);
    cancel(&mut book, 21);
    refund(&mut book, "refund-all", 22, "3000.00");
    refund(&mut book, "refund-rest", 23, "172.14");
    refund(&mut book, "refund-more", 24, "0.01");
    let outcome = evaluate_with(&terms, &book.ledger(), Mode::Lenient).unwrap();
    assert_eq!(sum(&outcome, LineKind::Return), d("1413.93"));
    let rejected: Vec<_> = outcome
        .rejections
        .iter()
        .map(|r| r.event.as_str())
        .collect();
    assert_eq!(rejected, ["refund-all", "refund-more"]);
}

// Item 8: the latest rate wins, direct or inverse.

#[test]
fn item_8_a_newer_inverse_quote_beats_an_older_direct_one() {
    let reward = r#"[{"id": "r", "clause": "T-8", "rule": "reward", "payments": {"paid_by": "client"},
        "beneficiary": "referrer", "rate": {"schedule": "flat", "rate_percent": "10"},
        "base": "amount_paid", "credit": "at_payment", "form": "accrual"}]"#;
    let terms = program("RUB", "program_currency", &[("", reward)]);
    let mut book = Book::new();
    book.partner("p1", utc(2026, 1, 1, 9, 0))
        .client("c1", utc(2026, 1, 2, 9, 0), Some("p1"))
        .fx(
            "usd-rub",
            utc(2026, 1, 5, 9, 0),
            Currency::USD,
            Currency::RUB,
            "50",
        )
        .fx(
            "rub-usd",
            utc(2026, 3, 1, 9, 0),
            Currency::RUB,
            Currency::USD,
            "0.01",
        )
        .pays("pay", utc(2026, 3, 10, 9, 0), "c1", usd("100"))
        .fx(
            "usd-rub-2",
            utc(2026, 3, 20, 9, 0),
            Currency::USD,
            Currency::RUB,
            "80",
        )
        .pays("pay-2", utc(2026, 3, 21, 9, 0), "c1", usd("100"));
    let outcome = evaluate(&terms, &book.ledger()).unwrap();
    // March 10: 1 / 0.01 = 100 RUB per USD → 10,000 RUB × 10 % = 1000.00 (not 500.00).
    // March 21: the direct quote is newer again: 80 → 800.00.
    let accruals: Vec<_> = ["pay", "pay-2"]
        .iter()
        .map(|id| support::line_from(&outcome, id, LineKind::Accrual).amount)
        .collect();
    assert_eq!(accruals, [rub("1000.00"), rub("800.00")]);
}

// Item 9: a rejected event changes nothing but the time reached (the engine also asserts
// it in debug builds).

#[test]
fn item_9_a_rejected_event_leaves_the_engine_as_it_was() {
    let terms = program("RUB", "partner_account", &[("", MILESTONE_AND_WITHDRAWALS)]);
    let mut book = Book::new();
    p1_in(&mut book, Currency::USD).client("c1", utc(2026, 1, 2, 9, 0), Some("p1"));
    let mut engine = Engine::new(&terms, Mode::Lenient).unwrap();
    engine.apply(&book.events[0]).unwrap();
    let before = engine.snapshot();
    engine.apply(&book.events[1]).unwrap(); // rejected: no RUB → USD rate for the bonus
    let mut after = serde_json::to_value(engine.snapshot()).unwrap();
    let before = serde_json::to_value(before).unwrap();
    // Only the rejection itself is recorded, and the instant the ledger reached (a
    // checkpoint there would have reached it too): nothing was booked.
    let rejections = after["state"]["rejections"].take();
    assert_eq!(rejections.as_array().unwrap().len(), 1);
    assert_eq!(after["state"]["last_at"], "2026-01-02T09:00:00Z");
    for reached in ["rejections", "last_at", "last_key"] {
        after["state"][reached] = before["state"][reached].clone();
    }
    assert_eq!(after, before);
}

// The issue's "also check" list.

#[test]
fn qualification_min_sales_in_the_program_currency_for_a_usd_account() {
    let qualification = r#"[{"id": "levels", "clause": "T-10", "rule": "qualification",
        "sales": {"paid_by": "partner", "kinds": ["subscription"]},
        "levels": [{"status": "gold", "contract_required": false,
                    "min_sales": {"amount": "1000", "currency": "RUB"}}]}]"#;
    let terms = program("RUB", "partner_account", &[("", qualification)]);
    let mut book = Book::new();
    p1_in(&mut book, Currency::USD)
        .fx(
            "usd-rub",
            utc(2026, 1, 1, 10, 0),
            Currency::USD,
            Currency::RUB,
            "100",
        )
        .cabinet_client("c1", utc(2026, 1, 2, 9, 0), "p1")
        .partner_pays("pay", utc(2026, 1, 3, 9, 0), "c1", "p1", usd("20.00"));
    let outcome = evaluate(&terms, &book.ledger()).unwrap();
    // The 1000 RUB minimum at 1 / 100 is 10.00 USD: 20.00 USD of sales meet it (the
    // dollars were compared with roubles: 20 < 1000).
    let report = &outcome.qualifications[0];
    assert_eq!(report.sales, usd("20.00"));
    assert_eq!(
        report.qualifies_for.as_ref().map(|s| s.as_str()),
        Some("gold")
    );
    // Without a rate the requirement cannot be told (and the sale is still accepted).
    let mut book = Book::new();
    p1_in(&mut book, Currency::USD)
        .cabinet_client("c1", utc(2026, 1, 2, 9, 0), "p1")
        .partner_pays("pay", utc(2026, 1, 3, 9, 0), "c1", "p1", usd("20.00"));
    let outcome = evaluate(&terms, &book.ledger()).unwrap();
    let check = &outcome.qualifications[0].checks[0];
    assert_eq!((check.met, check.short_by), (None, None));
}

#[test]
fn a_snapshot_is_refused_under_other_terms_with_the_same_program_id() {
    let wazzup = programs::wazzup();
    let snapshot = Engine::new(&wazzup, Mode::Strict).unwrap().snapshot();
    let mut changed = programs::wazzup();
    changed.name.push_str(" (amended)");
    let error = Engine::resume(&changed, snapshot.clone(), Mode::Strict).unwrap_err();
    assert_eq!(
        error.kind(),
        &ErrorKind::SnapshotTermsChanged {
            program: "wazzup".into()
        }
    );
    assert!(Engine::resume(&wazzup, snapshot, Mode::Strict).is_ok());
}

/// MH-4 (a 500 EUR welcome credit at registration): a snapshot whose partner still holds
/// its credit where an older layout kept it (`partners.p.welcome_credit`) is refused, not
/// resumed without the credit (which would then never expire on a line).
#[test]
fn mh_4_a_snapshot_of_an_older_layout_is_refused_not_half_read() {
    let program = programs::message_help();
    let mut engine = Engine::new(&program, Mode::Strict).unwrap();
    let mut book = Book::new();
    book.partner("p", msk(2024, 3, 1, 9, 0));
    for event in commission_rules::evaluation_order(&program, &book.ledger()) {
        engine.apply(event).unwrap();
    }
    let mut json = serde_json::to_value(engine.snapshot()).unwrap();
    let state = json["state"].as_object_mut().unwrap();
    let kinds = state.remove("kinds").unwrap();
    assert_eq!(kinds["welcome_credits"]["p"]["left"], "500.00");
    let partner = state["partners"]["p"].as_object_mut().unwrap();
    partner.insert(
        "welcome_credit".into(),
        kinds["welcome_credits"]["p"].clone(),
    );
    let error = serde_json::from_value::<commission_rules::Snapshot>(json).unwrap_err();
    assert!(
        error.to_string().contains("unknown field `welcome_credit`"),
        "{error}"
    );
}

/// SS-10 and SS-11 (Smart-Soft's yearly qualification and quarterly rebate) without the
/// rebate rule: a licence sale counts for the year only, and the snapshot keeps no rebate
/// table (a program without a kind carries none of its state).
#[test]
fn ss_a_sale_that_counts_for_the_year_only_leaves_no_rebate_table() {
    let mut program = programs::smart_soft();
    let rebate = |rule: &commission_rules::rules::Rule| {
        matches!(rule.kind, commission_rules::rules::RuleKind::Rebate(_))
    };
    program.rules.retain(|rule| !rebate(rule));
    for version in &mut program.versions {
        version.rules.retain(|rule| !rebate(rule));
    }
    program.validate().unwrap();
    let mut book = Book::new();
    book.partner("p", msk(2024, 1, 9, 10, 0)).push(
        "p-contract",
        msk(2024, 1, 10, 10, 0),
        EventKind::ContractSigned {
            partner: "p".into(),
        },
    );
    book.cabinet_client("p-client", msk(2024, 1, 11, 10, 0), "p");
    let license = PaymentKind::License {
        product_line: "ti".to_owned(),
    };
    let mut sale = Payment::by_client("p-client".into(), license, rub("1000"));
    sale.paid_by = Payer::Partner("p".into());
    sale.list_price = Some(rub("1000"));
    book.push("sale", msk(2024, 2, 1, 10, 0), EventKind::Payment(sale));
    let mut engine = Engine::new(&program, Mode::Strict).unwrap();
    for event in commission_rules::evaluation_order(&program, &book.ledger()) {
        engine.apply(event).unwrap();
    }
    let json = serde_json::to_string(&engine.snapshot()).unwrap();
    assert!(
        json.contains(r#""sales_by_year":{"2024":"1000.00"}"#),
        "{json}"
    );
    assert!(!json.contains(r#""kinds""#), "{json}");
}

#[test]
fn offsets_and_months_are_digits_only() {
    use commission_rules::{Month, ProgramZone};
    for offset in ["+-1:00", "-+1:00", "+1:000", "+ 1:00"] {
        assert!(offset.parse::<ProgramZone>().is_err(), "{offset}");
    }
    assert_eq!(
        "-01:00".parse::<ProgramZone>().unwrap(),
        ProgramZone::from_hours(-1).unwrap()
    );
    for month in ["+123-04", "-123-04", "2024-+4", "2024-4"] {
        assert!(month.parse::<Month>().is_err(), "{month}");
    }
    assert_eq!(
        "2024-04".parse::<Month>().unwrap(),
        Month::new(2024, 4).unwrap()
    );
}

#[test]
fn item_3_a_rebate_and_a_while_active_perk_shared_by_two_versions_take_the_version_in_force() {
    let v1 = r#"[
        {"id": "rebate", "clause": "T-11", "rule": "rebate", "rate_percent": "1",
         "period": "quarter", "status": "gold", "sales": {"paid_by": "partner"}},
        {"id": "widgets", "clause": "T-12", "rule": "entitlement", "perk": "widgets",
         "starts": {"while_active_client": {"of": "holder"}}}]"#;
    let v2 = v1
        .replace(r#""rate_percent": "1""#, r#""rate_percent": "10""#)
        .replace("T-11", "T-21")
        .replace("T-12", "T-22");
    let terms = program("RUB", "program_currency", &[("", v1), ("2026-04-01", &v2)]);
    let period = Period {
        from: utc(2026, 4, 10, 0, 0),
        to: utc(2026, 5, 10, 0, 0),
    };
    let mut book = Book::new();
    book.partner("p1", utc(2026, 1, 1, 9, 0))
        .status("gold", utc(2026, 1, 2, 9, 0), "p1", "gold")
        .cabinet_client("c1", utc(2026, 1, 3, 9, 0), "p1")
        .push(
            "pay",
            utc(2026, 4, 10, 9, 0),
            purchase("c1", "p1", rub("1000.00"), Some(period), None),
        )
        .push("end", utc(2026, 7, 1, 0, 0), EventKind::Checkpoint);
    let outcome = evaluate(&terms, &book.ledger()).unwrap();
    // Q2's rebate under v2: 10 % of 1000.00 = 100.00 (not v1's 1 % = 10.00).
    let rebate = support::line_from(&outcome, "pay", LineKind::Accrual);
    assert_eq!(
        (rebate.clause.as_str(), rebate.amount),
        ("T-21", rub("100.00"))
    );
    // One run of the perk, under v2's rule, for the paid period.
    let perks: Vec<_> = outcome
        .entitlements
        .iter()
        .map(|e| (e.clause.as_str(), e.from, e.until))
        .collect();
    assert_eq!(perks, [("T-22", period.from, Some(period.to))]);
}

#[test]
fn ids_and_texts_longer_than_the_limit_reject_the_event() {
    use commission_rules::ledger::MAX_TEXT_BYTES;
    let mut book = Book::new();
    book.partner("p1", utc(2026, 1, 1, 9, 0));
    let long = "c".repeat(MAX_TEXT_BYTES + 1);
    book.client(&long, utc(2026, 1, 2, 9, 0), Some("p1"))
        .client(
            &"c".repeat(MAX_TEXT_BYTES - "-registers".len()),
            utc(2026, 1, 3, 9, 0),
            Some("p1"),
        );
    let outcome = evaluate_with(&programs::radist(), &book.ledger(), Mode::Lenient).unwrap();
    let reasons: Vec<_> = outcome
        .rejections
        .iter()
        .map(|r| r.reason.clone())
        .collect();
    // The event id `{client}-registers` is the longest text: 1025 + 10 bytes.
    assert_eq!(reasons, [ErrorKind::TextTooLong { bytes: 1_035 }]);
}

// Found in review: the incremental re-rating, caps and the clawback's running total.

const RETRO: &str = r#"[{"id": "recurring", "clause": "T-13", "rule": "reward",
    "payments": {"paid_by": "client"}, "beneficiary": "referrer",
    "rate": {"schedule": "tiered", "measure": { "client_count": "referred" },
             "tiers": [{"from": "0", "rate_percent": "10"}, {"from": "2", "rate_percent": "20"}],
             "retroactive": "current_month"},
    "base": "amount_paid", "credit": "at_payment", "form": "accrual",
    "per_client": {"max_total": {"amount": "25", "currency": "EUR"}}},
    {"id": "refunds", "clause": "T-14", "rule": "refunds", "policy": "clawback_within_hold", "hold_days": 60}]"#;

fn reward_of(outcome: &Outcome, payment: &str) -> Decimal {
    outcome
        .lines
        .iter()
        .filter(|l| l.payment.as_ref().is_some_and(|p| p.as_str() == payment))
        .filter(|l| matches!(l.kind, LineKind::Accrual | LineKind::Adjustment))
        .map(|l| l.amount.amount)
        .sum()
}

#[test]
fn a_clawback_that_frees_cap_room_is_re_rated_at_the_same_tier() {
    let terms = program("EUR", "program_currency", &[("", RETRO)]);
    let mut book = Book::new();
    book.partner_with(
        "p1",
        utc(2026, 1, 1, 0, 0),
        LegalForm::LegalEntity,
        Currency::EUR,
    )
    .client("c1", utc(2026, 1, 2, 0, 0), Some("p1"))
    .pays("q", utc(2026, 1, 20, 0, 0), "c1", eur("100"))
    .pays("p", utc(2026, 2, 2, 0, 0), "c1", eur("150"))
    .client("c2", utc(2026, 2, 3, 0, 0), Some("p1"));
    let refund = EventKind::Refund {
        payment: "q".into(),
        amount: eur("100"),
    };
    book.push("refund-q", utc(2026, 2, 5, 0, 0), refund).client(
        "c3",
        utc(2026, 2, 6, 0, 0),
        Some("p1"),
    );
    let outcome = evaluate(&terms, &book.ledger()).unwrap();
    // q: 10.00 (10 %), clawed back in full; p: 15.00, at the 25.00 cap when c2 makes the
    // tier 20 %; q's clawback frees 10.00, which c3's re-rating gives p: 25.00.
    assert_eq!(reward_of(&outcome, "q"), d("0.00"));
    assert_eq!(reward_of(&outcome, "p"), d("25.00"));
}

#[test]
fn one_re_rating_never_takes_a_client_past_its_cap() {
    let terms = program("EUR", "program_currency", &[("", RETRO)]);
    let mut book = Book::new();
    book.partner_with(
        "p1",
        utc(2026, 1, 1, 0, 0),
        LegalForm::LegalEntity,
        Currency::EUR,
    )
    .client("c1", utc(2026, 1, 2, 0, 0), Some("p1"))
    .pays("a", utc(2026, 1, 3, 0, 0), "c1", eur("100"))
    .pays("b", utc(2026, 1, 4, 0, 0), "c1", eur("100"))
    .client("c2", utc(2026, 1, 5, 0, 0), Some("p1"));
    let outcome = evaluate(&terms, &book.ledger()).unwrap();
    // 10.00 + 10.00 at 10 %; at 20 % each would take 10.00 more, but the cap leaves 5.00.
    assert_eq!(reward_of(&outcome, "a"), d("15.00"));
    assert_eq!(reward_of(&outcome, "b"), d("10.00"));
}

#[test]
fn a_refund_that_clawed_nothing_back_does_not_count_in_a_later_clawback() {
    let reward = r#"{"id": "r", "clause": "T-15", "rule": "reward", "payments": {"paid_by": "client"},
        "beneficiary": "referrer", "rate": {"schedule": "flat", "rate_percent": "10"},
        "base": "amount_paid", "credit": "at_payment", "form": "accrual"}"#;
    let v1 = format!(
        r#"[{reward}, {{"id": "refunds", "clause": "T-16", "rule": "refunds", "policy": "no_clawback"}}]"#
    );
    let v2 = format!(
        r#"[{reward}, {{"id": "refunds", "clause": "T-16", "rule": "refunds", "policy": "clawback_within_hold", "hold_days": 60}}]"#
    );
    let terms = program("EUR", "program_currency", &[("", &v1), ("2026-02-01", &v2)]);
    let mut book = Book::new();
    book.partner_with(
        "p1",
        utc(2026, 1, 1, 0, 0),
        LegalForm::LegalEntity,
        Currency::EUR,
    )
    .client("c1", utc(2026, 1, 2, 0, 0), Some("p1"))
    .pays("pay", utc(2026, 1, 20, 0, 0), "c1", eur("100"));
    for (id, day) in [("r1", 25), ("r2", 36)] {
        let refund = EventKind::Refund {
            payment: "pay".into(),
            amount: eur("50"),
        };
        book.push(
            id,
            utc(2026, 1, 1, 0, 0) + chrono::Duration::days(day - 1),
            refund,
        );
    }
    let outcome = evaluate(&terms, &book.ledger()).unwrap();
    // 10.00 earned; r1 (25 Jan) under no clawback; r2 (5 Feb) claws back its half: 5.00.
    assert_eq!(reward_of(&outcome, "pay"), d("5.00"));
}

#[test]
fn a_while_status_perk_follows_the_versions_in_force() {
    let perk = |name: &str, clause: &str| {
        format!(
            r#"[{{"id": "perk", "clause": "{clause}", "rule": "entitlement", "perk": "{name}",
                "starts": {{"while_status": {{"status": "gold"}}}}}}]"#
        )
    };
    let (a, b) = (perk("perk-a", "T-17"), perk("perk-b", "T-27"));
    let terms = program("RUB", "program_currency", &[("", &a), ("2026-01-01", &b)]);
    let mut book = Book::new();
    book.partner("p1", utc(2025, 5, 1, 0, 0))
        .status("gold", utc(2025, 6, 1, 0, 0), "p1", "gold");
    let outcome = evaluate(&terms, &book.ledger()).unwrap();
    let perks: Vec<_> = outcome
        .entitlements
        .iter()
        .map(|e| (e.perk.as_str(), e.from, e.until))
        .collect();
    let new_year = utc(2026, 1, 1, 0, 0);
    assert_eq!(
        perks,
        [
            ("perk-a", utc(2025, 6, 1, 0, 0), Some(new_year)),
            ("perk-b", new_year, None)
        ]
    );
}
