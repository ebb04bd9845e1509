//! The broader kinds (issue 19, "Fewer, broader kinds"): one `bonus` rule with a trigger,
//! status requirements as a list of counts, and the transfer policy as an option of the
//! programs that have it. Each test works its figures by hand; the programs are written
//! as data here, so each case shows the terms it runs under.

mod support;

use commission_rules::rules::{ClientCounter, CountRequirement, Counted};
use commission_rules::{
    Currency, ErrorKind, EventKind, LegalForm, LineKind, Mode, Money, Outcome, Requirement,
    RuleSet, evaluate, evaluate_with, programs,
};
use support::{Book, d, eur, line_from, lines_from, msk, rub, utc};

/// A program in UTC whose lines are booked in the partner account's currency, with a
/// 3 % FX markup, and the given rules (a JSON array).
fn terms(rules: &str) -> RuleSet {
    let json = format!(
        r#"{{"program": "bonus-triggers", "name": "test terms", "time_zone": "+00:00",
            "currency": {{"program_currency": "RUB", "booking": "partner_account",
                          "fx_markup_percent": "3"}},
            "rounding": "half_away_from_zero", "names": {{"statuses": ["silver"]}},
            "versions": [{{"effective_from": null, "label": "v1", "rules": {rules}}}]}}"#
    );
    RuleSet::from_json(&json).unwrap()
}

/// The error of loading a program with these rules.
fn refused(rules: &str) -> String {
    let json = format!(
        r#"{{"program": "bad", "name": "bad", "time_zone": "+00:00",
            "currency": {{"program_currency": "RUB", "booking": "program_currency",
                          "fx_markup_percent": "0"}},
            "rounding": "half_away_from_zero",
            "versions": [{{"effective_from": null, "label": "v1", "rules": {rules}}}]}}"#
    );
    RuleSet::from_json(&json).unwrap_err().to_string()
}

fn usd(text: &str) -> Money {
    Money::new(d(text), Currency::USD)
}

fn kinds(outcome: &Outcome, kind: LineKind) -> usize {
    outcome
        .lines
        .iter()
        .filter(|line| line.kind == kind)
        .count()
}

// client_first_payment: a bounty for the referrer.

/// 10 % of a client's own payments, a 50 USD bounty at a client's first payment, paid
/// out 3 days after booking.
const BOUNTY: &str = r#"[
    {"id": "referral", "clause": "T-1", "rule": "reward", "payments": {"paid_by": "client"},
     "beneficiary": "referrer", "rate": {"schedule": "flat", "rate_percent": "10"},
     "form": "accrual"},
    {"id": "bounty", "clause": "T-2", "rule": "bonus", "trigger": "client_first_payment",
     "amount": {"amount": "50", "currency": "USD"}},
    {"id": "payouts", "clause": "T-3", "rule": "payout", "schedule": "automatic",
     "delay_days": 3}]"#;

/// Partner p1 (a RUB account), the dollar at 90 RUB from 1 January, client c1 with p1's
/// promo code.
fn bounty_book() -> Book {
    let mut book = Book::new();
    book.partner("p1", utc(2026, 1, 1, 9, 0))
        .fx(
            "usd-rub",
            utc(2026, 1, 1, 10, 0),
            Currency::USD,
            Currency::RUB,
            "90",
        )
        .client("c1", utc(2026, 1, 2, 9, 0), Some("p1"));
    book
}

/// 50 USD at 90 RUB + 3 % = 92.70 RUB per dollar: 4,635.00 RUB, booked with the client's
/// first payment (besides its 10 %: 300.00 of 3,000) and paid out 3 days later; the
/// second payment earns its 10 % only.
#[test]
fn client_first_payment_pays_the_referrer_a_50_usd_bounty_in_roubles_once() {
    let mut book = bounty_book();
    book.pays("c1-pays-1", utc(2026, 1, 10, 12, 0), "c1", rub("3000"))
        .pays("c1-pays-2", utc(2026, 2, 10, 12, 0), "c1", rub("3000"));
    let outcome = evaluate(&terms(BOUNTY), &book.ledger()).unwrap();

    let bounty = line_from(&outcome, "c1-pays-1", LineKind::Bonus);
    assert_eq!(bounty.amount, rub("4635.00"));
    assert_eq!(
        (bounty.partner.as_str(), bounty.clause.as_str()),
        ("p1", "T-2")
    );
    assert_eq!(bounty.rule.as_str(), "bounty");
    assert_eq!(bounty.client.as_ref().map(|c| c.as_str()), Some("c1"));
    assert_eq!(
        bounty.payment.as_ref().map(|p| p.as_str()),
        Some("c1-pays-1")
    );
    let fx = bounty.explanation.fx.as_ref().unwrap();
    assert_eq!((fx.published_rate, fx.applied_rate), (d("90"), d("92.70")));
    assert_eq!(bounty.explanation.base, Some(usd("50")));
    assert_eq!(bounty.explanation.exact, Some(d("4635")));
    assert_eq!(
        bounty.explanation.note.as_deref(),
        Some("bonus at client c1's first payment")
    );
    assert_eq!(bounty.due, Some(utc(2026, 1, 13, 12, 0)));
    let referral = line_from(&outcome, "c1-pays-1", LineKind::Accrual);
    assert_eq!(referral.amount, rub("300.00"));
    let payouts: Vec<Money> = lines_from(&outcome, "c1-pays-1", LineKind::Payout)
        .iter()
        .map(|line| line.amount)
        .collect();
    assert_eq!(payouts, [rub("-300.00"), rub("-4635.00")]);

    // Not again at the second payment.
    assert!(lines_from(&outcome, "c1-pays-2", LineKind::Bonus).is_empty());
    assert_eq!(
        line_from(&outcome, "c1-pays-2", LineKind::Accrual).amount,
        rub("300.00")
    );
    assert_eq!(kinds(&outcome, LineKind::Bonus), 1);
}

/// A client with no referrer at its first payment earns nobody a bounty, even once
/// attributed; a cabinet client's first payment, made by its partner, earns the bounty.
#[test]
fn client_first_payment_needs_a_referrer_at_that_payment_whoever_pays() {
    let mut book = bounty_book();
    book.client("c2", utc(2026, 1, 3, 9, 0), None)
        .pays("c2-pays-1", utc(2026, 1, 10, 12, 0), "c2", rub("1000"))
        .attribute("c2-attributed", utc(2026, 1, 11, 9, 0), "c2", "p1")
        .pays("c2-pays-2", utc(2026, 1, 12, 12, 0), "c2", rub("1000"))
        .cabinet_client("c3", utc(2026, 1, 4, 9, 0), "p1")
        .partner_pays(
            "p1-pays-for-c3",
            utc(2026, 1, 14, 12, 0),
            "c3",
            "p1",
            rub("2000"),
        );
    let outcome = evaluate(&terms(BOUNTY), &book.ledger()).unwrap();
    assert!(lines_from(&outcome, "c2-pays-1", LineKind::Bonus).is_empty());
    assert!(lines_from(&outcome, "c2-pays-2", LineKind::Bonus).is_empty());
    // The attributed client's next payment earns its 10 % all the same.
    assert_eq!(
        line_from(&outcome, "c2-pays-2", LineKind::Accrual).amount,
        rub("100.00")
    );
    let cabinet = line_from(&outcome, "p1-pays-for-c3", LineKind::Bonus);
    assert_eq!(
        (cabinet.partner.as_str(), cabinet.amount),
        ("p1", rub("4635.00"))
    );
    assert_eq!(kinds(&outcome, LineKind::Bonus), 1);
}

/// Without a dollar rate the bounty cannot be booked: the first payment is rejected whole
/// (its 10 % not booked either) and the client has still not paid, so its next payment,
/// after the rate, is its first and earns the bounty.
#[test]
fn client_first_payment_without_an_fx_rate_rejects_the_payment_whole() {
    let mut book = Book::new();
    book.partner("p1", utc(2026, 1, 1, 9, 0))
        .client("c1", utc(2026, 1, 2, 9, 0), Some("p1"))
        .pays("c1-pays-1", utc(2026, 1, 10, 12, 0), "c1", rub("3000"))
        .fx(
            "usd-rub",
            utc(2026, 1, 11, 10, 0),
            Currency::USD,
            Currency::RUB,
            "90",
        )
        .pays("c1-pays-2", utc(2026, 1, 12, 12, 0), "c1", rub("3000"));
    let outcome = evaluate_with(&terms(BOUNTY), &book.ledger(), Mode::Lenient).unwrap();
    assert_eq!(outcome.rejections.len(), 1);
    assert_eq!(outcome.rejections[0].event.as_str(), "c1-pays-1");
    assert_eq!(
        outcome.rejections[0].reason,
        ErrorKind::MissingFxRate {
            from: Currency::USD,
            to: Currency::RUB
        }
    );
    assert!(
        outcome
            .lines
            .iter()
            .all(|l| l.source_event.as_str() != "c1-pays-1")
    );
    assert_eq!(
        line_from(&outcome, "c1-pays-2", LineKind::Bonus).amount,
        rub("4635.00")
    );
}

// count_reached: a bonus at a client count.

/// 100 EUR at the 3rd paying client, into a USD account: 100 × 1.10 × 1.03 = 113.30 USD,
/// booked with the third client's first payment, once.
#[test]
fn count_reached_pays_100_eur_once_at_the_third_paying_client_in_dollars() {
    let rules = r#"[{"id": "third", "clause": "T-4", "rule": "bonus",
        "trigger": {"count_reached": {"counter": "paying", "count": 3}},
        "amount": {"amount": "100", "currency": "EUR"}, "form": "payable"}]"#;
    let mut book = Book::new();
    book.partner_with(
        "p1",
        utc(2026, 1, 1, 9, 0),
        LegalForm::LegalEntity,
        Currency::USD,
    )
    .fx(
        "eur-usd",
        utc(2026, 1, 1, 10, 0),
        Currency::EUR,
        Currency::USD,
        "1.10",
    );
    for n in 1..=4 {
        let client = format!("c{n}");
        book.client(&client, utc(2026, 1, 2, 9, n), Some("p1"))
            .pays(
                &format!("{client}-pays"),
                utc(2026, 1, 10, 12, n),
                &client,
                usd("20"),
            );
    }
    book.pays("c3-pays-again", utc(2026, 2, 10, 12, 0), "c3", usd("20"));
    let outcome = evaluate(&terms(rules), &book.ledger()).unwrap();
    let bonus = line_from(&outcome, "c3-pays", LineKind::Bonus);
    assert_eq!(bonus.amount, usd("113.30"));
    assert_eq!(bonus.explanation.exact, Some(d("113.3")));
    assert_eq!(
        bonus.explanation.note.as_deref(),
        Some("bonus at client 3 (paying)")
    );
    assert_eq!(kinds(&outcome, LineKind::Bonus), 1);
}

// client_registered_with_code: per client registering with a partner's code.

/// MH-2 as a bonus rule: 5 EUR for the client, a vendor-cost memo line attributed to the
/// partner; a client registered from the partner's cabinet (no code) gets none.
#[test]
fn client_registered_with_code_is_mh_2s_vendor_cost_memo() {
    let mut book = Book::new();
    book.partner_with(
        "p1",
        utc(2026, 1, 1, 9, 0),
        LegalForm::LegalEntity,
        Currency::EUR,
    )
    .client("c1", utc(2026, 1, 2, 9, 0), Some("p1"))
    .cabinet_client("c2", utc(2026, 1, 2, 10, 0), "p1");
    let outcome = evaluate(&programs::message_help(), &book.ledger()).unwrap();
    let memo = line_from(&outcome, "c1-registers", LineKind::VendorCost);
    assert_eq!((memo.partner.as_str(), memo.amount), ("p1", eur("5.00")));
    assert_eq!((memo.clause.as_str(), memo.rule.as_str()), ("MH-2", "MH-2"));
    assert_eq!(
        memo.explanation.note.as_deref(),
        Some("the vendor's bonus to client c1 for promo code PROMO-p1")
    );
    assert!(
        outcome
            .lines
            .iter()
            .all(|l| l.source_event.as_str() != "c2-registers")
    );
    assert_eq!(outcome.statements[0].closing, eur("0"));
}

/// Two bonuses on one registration: 200 RUB owed to the partner (a bonus line in its
/// balance) and a 300 RUB gift to the client (the vendor's cost, a memo); a client of
/// the partner's referral link (no code) earns neither.
#[test]
fn client_registered_with_code_payable_and_vendor_cost_side_by_side() {
    let rules = r#"[
        {"id": "partner-bonus", "clause": "T-5", "rule": "bonus",
         "trigger": "client_registered_with_code",
         "amount": {"amount": "200", "currency": "RUB"}},
        {"id": "client-gift", "clause": "T-6", "rule": "bonus",
         "trigger": "client_registered_with_code",
         "amount": {"amount": "300", "currency": "RUB"}, "form": "vendor_cost"}]"#;
    let mut book = Book::new();
    book.partner("p1", utc(2026, 1, 1, 9, 0))
        .client("c1", utc(2026, 1, 2, 9, 0), Some("p1"));
    let link = EventKind::ClientRegistered {
        client: "c2".into(),
        referrer: Some("p1".into()),
        promo_code: None,
        integration: None,
        via_partner_cabinet: false,
    };
    book.push("c2-registers", utc(2026, 1, 2, 10, 0), link);
    let outcome = evaluate(&terms(rules), &book.ledger()).unwrap();
    let bonus = line_from(&outcome, "c1-registers", LineKind::Bonus);
    assert_eq!(
        (bonus.rule.as_str(), bonus.amount),
        ("partner-bonus", rub("200.00"))
    );
    assert_eq!(
        bonus.explanation.note.as_deref(),
        Some("bonus for client c1, registered with promo code PROMO-p1")
    );
    let gift = line_from(&outcome, "c1-registers", LineKind::VendorCost);
    assert_eq!(
        (gift.rule.as_str(), gift.amount),
        ("client-gift", rub("300.00"))
    );
    assert!(
        outcome
            .lines
            .iter()
            .all(|l| l.source_event.as_str() != "c2-registers")
    );
    // Only the payable bonus is owed to the partner.
    assert_eq!(outcome.statements[0].closing, rub("200.00"));
}

// vendor_award and manual_adjustment: the event carries the amount.

/// SS-4's SPIF: the award's 50,000 RUB as a bonus line; Radist has no vendor awards.
#[test]
fn vendor_award_books_the_events_amount_where_the_program_has_the_trigger() {
    let mut book = Book::new();
    book.partner("p1", msk(2026, 1, 1, 9, 0));
    let award = EventKind::SpifAwarded {
        partner: "p1".into(),
        amount: rub("50000"),
    };
    book.push("spif", msk(2026, 12, 20, 12, 0), award);
    let outcome = evaluate(&programs::smart_soft(), &book.ledger()).unwrap();
    let spif = line_from(&outcome, "spif", LineKind::Bonus);
    assert_eq!(
        (spif.rule.as_str(), spif.amount),
        ("SS-4.spif", rub("50000.00"))
    );

    let outcome = evaluate_with(&programs::radist(), &book.ledger(), Mode::Lenient).unwrap();
    assert_eq!(
        outcome.rejections[0].reason,
        ErrorKind::NotInProgram {
            what: "vendor awards".into()
        }
    );
}

/// LS-6: a compensation of 2,500 RUB and a correction of −500 RUB, each an adjustment
/// line with its reason; Radist has no manual adjustments.
#[test]
fn manual_adjustment_books_an_adjustment_line_of_either_sign_with_its_reason() {
    let mut book = Book::new();
    book.partner("p1", msk(2026, 1, 1, 9, 0));
    for (id, amount, reason) in [
        ("compensation", "2500", "dispute 42: the vendor's fault"),
        ("correction", "-500", "double-counted renewal"),
    ] {
        let kind = EventKind::ManualAdjustment {
            partner: "p1".into(),
            amount: rub(amount),
            reason: reason.into(),
        };
        book.push(id, msk(2026, 2, 1, 12, 0), kind);
    }
    let outcome = evaluate(&programs::leadsender(), &book.ledger()).unwrap();
    let compensation = line_from(&outcome, "compensation", LineKind::Adjustment);
    assert_eq!(compensation.amount, rub("2500.00"));
    assert_eq!(
        compensation.explanation.note.as_deref(),
        Some("dispute 42: the vendor's fault")
    );
    let correction = line_from(&outcome, "correction", LineKind::Adjustment);
    assert_eq!(
        (correction.rule.as_str(), correction.amount),
        ("LS-6", rub("-500.00"))
    );

    let outcome = evaluate_with(&programs::radist(), &book.ledger(), Mode::Lenient).unwrap();
    assert_eq!(
        outcome.rejections[0].reason,
        ErrorKind::NotInProgram {
            what: "manual adjustments".into()
        }
    );
}

/// Every fault of a bonus rule names its path.
#[test]
fn a_bonus_rule_that_does_not_add_up_names_its_path() {
    let cases = [
        (
            r#"[{"id": "b", "clause": "T", "rule": "bonus", "trigger": "client_first_payment"}]"#,
            "rule set at versions[0].rules[0].amount: this trigger's bonus is a fixed amount: the rule must name it",
        ),
        (
            r#"[{"id": "b", "clause": "T", "rule": "bonus", "trigger": "vendor_award",
                 "amount": {"amount": "5", "currency": "RUB"}}]"#,
            "rule set at versions[0].rules[0].amount: a vendor award's or a manual adjustment's event carries its amount: the rule names none",
        ),
        (
            r#"[{"id": "b", "clause": "T", "rule": "bonus",
                 "trigger": {"count_reached": {"counter": "paying", "count": 0}},
                 "amount": {"amount": "5", "currency": "RUB"}}]"#,
            "rule set at versions[0].rules[0].trigger.count_reached.count: a count is reached from 1",
        ),
        (
            r#"[{"id": "b", "clause": "T", "rule": "bonus", "trigger": "manual_adjustment",
                 "form": "vendor_cost"}]"#,
            "rule set at versions[0].rules[0].form: a manual adjustment corrects what the partner is owed: its form is payable",
        ),
        (
            r#"[{"id": "b", "clause": "T", "rule": "bonus", "trigger": "client_first_payment",
                 "amount": {"amount": "0", "currency": "USD"}}]"#,
            "rule set at versions[0].rules[0].amount.amount: an amount must be above 0 and at most 10^12",
        ),
        (
            r#"[{"id": "b", "clause": "T", "rule": "bonus", "trigger": "client_first_payment",
                 "amount": {"amount": "5", "currency": "XQZ"}}]"#,
            "rule set at versions[0].rules[0].amount.currency: XQZ is not a known currency",
        ),
        (
            r#"[{"id": "a", "clause": "T", "rule": "bonus", "trigger": "vendor_award"},
                {"id": "b", "clause": "T", "rule": "bonus", "trigger": "vendor_award"}]"#,
            "rule set at versions[0].rules: more than one vendor-award bonus is in force",
        ),
    ];
    for (rules, expected) in cases {
        assert_eq!(refused(rules), expected, "{rules}");
    }
    // The removed kinds and an unknown trigger are refused where they stand.
    let old = refused(r#"[{"id": "b", "clause": "T", "rule": "spif"}]"#);
    assert!(
        old.starts_with("rule set at versions[0].rules[0]: unknown variant `spif`"),
        "{old}"
    );
    let unknown = refused(
        r#"[{"id": "b", "clause": "T", "rule": "bonus", "trigger": "first_payment",
             "amount": {"amount": "5", "currency": "RUB"}}]"#,
    );
    assert!(
        unknown.starts_with("rule set at versions[0].rules[0]: unknown variant `first_payment`"),
        "{unknown}"
    );
}

// Transfers: consent and held clients as program options.

/// 10 % of a client's own payments for the partner holding it then, and an optional
/// transfer policy.
fn holder_terms(policy: Option<&str>) -> RuleSet {
    let holder = r#"{"id": "holder", "clause": "T-7", "rule": "reward",
        "payments": {"paid_by": "client"}, "beneficiary": "holder",
        "rate": {"schedule": "flat", "rate_percent": "10"}, "form": "accrual"}"#;
    let rules = match policy {
        Some(policy) => format!(
            r#"[{holder}, {{"id": "held", "clause": "T-8", "rule": "transfers", {policy}}}]"#
        ),
        None => format!("[{holder}]"),
    };
    terms(&rules)
}

/// Partners a and b; client c registered from a's cabinet (a holds it); then `moves`
/// (id "moves"); c pays 1,000 RUB; a and then b try to pay for it (a partner pays only
/// for a client it holds).
fn moving_book(moves: impl FnOnce(&mut Book)) -> Book {
    let mut book = Book::new();
    book.partner("a", utc(2026, 1, 1, 9, 0))
        .partner("b", utc(2026, 1, 1, 10, 0))
        .cabinet_client("c", utc(2026, 1, 2, 9, 0), "a");
    moves(&mut book);
    book.pays("c-pays", utc(2026, 1, 10, 12, 0), "c", rub("1000"))
        .partner_pays(
            "a-pays-for-c",
            utc(2026, 1, 11, 12, 0),
            "c",
            "a",
            rub("1000"),
        )
        .partner_pays(
            "b-pays-for-c",
            utc(2026, 1, 12, 12, 0),
            "c",
            "b",
            rub("1000"),
        );
    book
}

/// Who got the client's payment's 10 % (as its holder then), by partner id.
type Earned = Vec<(String, Money)>;

/// The events rejected, by id, and why.
type Rejected = Vec<(String, ErrorKind)>;

/// Who got the client's payment's 10 %, and which events were rejected why.
fn after_the_move(program: &RuleSet, book: &Book) -> (Earned, Rejected) {
    let outcome = evaluate_with(program, &book.ledger(), Mode::Lenient).unwrap();
    let earned = lines_from(&outcome, "c-pays", LineKind::Accrual)
        .iter()
        .map(|line| (line.partner.to_string(), line.amount))
        .collect();
    let rejected = outcome
        .rejections
        .iter()
        .map(|r| (r.event.to_string(), r.reason.clone()))
        .collect();
    (earned, rejected)
}

fn not_holder(partner: &str) -> ErrorKind {
    ErrorKind::NotHolder {
        client: "c".into(),
        partner: partner.into(),
    }
}

/// Without a transfer policy a transfer needs no consent: b holds c afterwards, earns the
/// 100.00 RUB of its 1,000 RUB payment, and may pay for it; a may not.
#[test]
fn without_the_option_a_transfer_without_consent_is_accepted() {
    let book = moving_book(|book| {
        book.transfer("moves", utc(2026, 1, 5, 9, 0), "c", "b", false);
    });
    let (earned, rejected) = after_the_move(&holder_terms(None), &book);
    assert_eq!(earned, [("b".to_owned(), rub("100.00"))]);
    assert_eq!(rejected, [("a-pays-for-c".to_owned(), not_holder("a"))]);
}

/// Without a transfer policy an attachment of a client a holds makes b its holder: the
/// same figures as a transfer.
#[test]
fn without_the_option_a_held_client_is_taken_over_by_its_attachment() {
    let book = moving_book(|book| {
        book.attach("moves", utc(2026, 1, 5, 9, 0), "c", "b");
    });
    let (earned, rejected) = after_the_move(&holder_terms(None), &book);
    assert_eq!(earned, [("b".to_owned(), rub("100.00"))]);
    assert_eq!(rejected, [("a-pays-for-c".to_owned(), not_holder("a"))]);
}

/// With W-4's options both moves are refused: a still holds c, earns its 100.00 RUB and
/// may pay for it; b may not.
#[test]
fn with_the_option_a_transfer_without_consent_and_a_held_client_are_refused() {
    let w_4 = holder_terms(Some(
        r#""consent_required": true, "held_clients": "refuse""#,
    ));
    let transfer = moving_book(|book| {
        book.transfer("moves", utc(2026, 1, 5, 9, 0), "c", "b", false);
    });
    let (earned, rejected) = after_the_move(&w_4, &transfer);
    assert_eq!(earned, [("a".to_owned(), rub("100.00"))]);
    let moves = ErrorKind::TransferWithoutConsent { client: "c".into() };
    assert_eq!(
        rejected,
        [
            ("moves".to_owned(), moves),
            ("b-pays-for-c".to_owned(), not_holder("b"))
        ]
    );

    let attach = moving_book(|book| {
        book.attach("moves", utc(2026, 1, 5, 9, 0), "c", "b");
    });
    let (earned, rejected) = after_the_move(&w_4, &attach);
    assert_eq!(earned, [("a".to_owned(), rub("100.00"))]);
    let held = ErrorKind::HeldByAnotherPartner {
        client: "c".into(),
        holder: "a".into(),
    };
    assert_eq!(
        rejected,
        [
            ("moves".to_owned(), held),
            ("b-pays-for-c".to_owned(), not_holder("b"))
        ]
    );
}

/// Each option on its own: consent required but held clients taken over, and the reverse.
#[test]
fn the_two_options_are_independent() {
    let consent_only = holder_terms(Some(
        r#""consent_required": true, "held_clients": "take_over""#,
    ));
    let attach = moving_book(|book| {
        book.attach("moves", utc(2026, 1, 5, 9, 0), "c", "b");
    });
    let (earned, _) = after_the_move(&consent_only, &attach);
    assert_eq!(earned, [("b".to_owned(), rub("100.00"))]);

    let held_only = holder_terms(Some(
        r#""consent_required": false, "held_clients": "refuse""#,
    ));
    let transfer = moving_book(|book| {
        book.transfer("moves", utc(2026, 1, 5, 9, 0), "c", "b", false);
    });
    let (earned, _) = after_the_move(&held_only, &transfer);
    assert_eq!(earned, [("b".to_owned(), rub("100.00"))]);
}

/// Message.Help's MH-6 refuses a held client but asks no consent for a transfer.
#[test]
fn mh_6_asks_no_consent_for_a_transfer() {
    let mut book = Book::new();
    book.partner_with(
        "a",
        utc(2026, 1, 1, 9, 0),
        LegalForm::LegalEntity,
        Currency::EUR,
    )
    .partner_with(
        "b",
        utc(2026, 1, 1, 10, 0),
        LegalForm::LegalEntity,
        Currency::EUR,
    )
    .cabinet_client("c", utc(2026, 1, 2, 9, 0), "a")
    .transfer("moves", utc(2026, 1, 5, 9, 0), "c", "b", false);
    assert!(evaluate(&programs::message_help(), &book.ledger()).is_ok());
}

#[test]
fn a_second_transfer_policy_in_force_is_refused() {
    let policy = r#""rule": "transfers", "consent_required": true, "held_clients": "refuse""#;
    let rules = format!(
        r#"[{{"id": "t1", "clause": "T", {policy}}}, {{"id": "t2", "clause": "T", {policy}}}]"#
    );
    assert_eq!(
        refused(&rules),
        "rule set at versions[0].rules: more than one transfer policy is in force"
    );
}

// Status requirements as a list of counts.

/// Silver needs 2 paying clients: with one, the report shows it short by 1; once the
/// second pays, it is met and the partner qualifies.
#[test]
fn a_status_requirement_on_a_client_count() {
    let rules = r#"[{"id": "levels", "clause": "T-9", "rule": "qualification",
        "sales": {"paid_by": "partner"},
        "levels": [{"status": "silver", "contract_required": false,
                    "requirements": [{"count": {"clients": "paying"}, "at_least": 2}]}]}]"#;
    let program = terms(rules);
    let mut book = Book::new();
    book.partner("p1", utc(2026, 1, 1, 9, 0))
        .client("c1", utc(2026, 1, 2, 9, 0), Some("p1"))
        .client("c2", utc(2026, 1, 2, 10, 0), Some("p1"))
        .pays("c1-pays", utc(2026, 1, 10, 12, 0), "c1", rub("1000"));
    let two_paying = CountRequirement {
        count: Counted::Clients(ClientCounter::Paying),
        at_least: 2,
    };

    let outcome = evaluate(&program, &book.ledger()).unwrap();
    let report = &outcome.qualifications[0];
    let check = &report.checks[0];
    assert_eq!(check.requirement, Requirement::Count(two_paying));
    assert_eq!((check.met, check.short_by), (Some(false), Some(d("1"))));
    assert_eq!(check.requirement.to_string(), "paying clients: 2");
    assert_eq!(report.qualifies_for, None);

    book.pays("c2-pays", utc(2026, 1, 11, 12, 0), "c2", rub("1000"));
    let outcome = evaluate(&program, &book.ledger()).unwrap();
    let report = &outcome.qualifications[0];
    assert_eq!(
        (report.checks[0].met, report.checks[0].short_by),
        (Some(true), None)
    );
    assert_eq!(
        report.qualifies_for.as_ref().map(|s| s.as_str()),
        Some("silver")
    );
}

#[test]
fn a_status_requirement_of_none_or_counted_twice_names_its_path() {
    let level = |requirements: &str| {
        format!(
            r#"[{{"id": "levels", "clause": "T", "rule": "qualification",
                "sales": {{"paid_by": "partner"}},
                "levels": [{{"status": "gold", "contract_required": false,
                             "requirements": {requirements}}}]}}]"#
        )
    };
    assert_eq!(
        refused(&level(
            r#"[{"count": {"certified_specialists": "sales"}, "at_least": 0}]"#
        )),
        "rule set at versions[0].rules[0].levels[0].requirements[0].at_least: a count requirement starts at 1"
    );
    let twice = r#"[{"count": {"clients": "paying"}, "at_least": 1},
                    {"count": {"clients": "paying"}, "at_least": 3}]"#;
    assert_eq!(
        refused(&level(twice)),
        "rule set at versions[0].rules[0].levels[0].requirements[1].count: paying clients are already required at this level"
    );
}
