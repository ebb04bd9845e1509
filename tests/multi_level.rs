//! Multi-level (two-tier and deeper) overrides: a partner recruited by a parent partner
//! (`partner_recruited`), and reward rules whose beneficiary is the partner one or two
//! levels above the client's referrer (`{"upline": 1}`, `{"upline": 2}`). A made-up RUB
//! program, written only as data:
//!
//! - ML-1: the referrer earns 30 % of its referred clients' payments;
//! - ML-2: the referrer's parent earns 5 %, for 12 months from the client's registration;
//! - ML-3: the referrer's grandparent earns 2 %, with no window;
//! - ML-4: a refund within 30 days claws back every reward of the payment in proportion;
//! - ML-5: a late attribution catches up the payments made before it.
//!
//! Every figure is worked by hand: 30 % of 10,000.00 RUB is 3,000.00, 5 % is 500.00, 2 %
//! is 200.00.

mod support;

use commission_rules::ledger::{build, read_csv};
use commission_rules::rules::{Beneficiary, MAX_UPLINE, RewardRule};
use commission_rules::{
    Engine, Error, ErrorKind, Event, EventKind, Instant, LegalForm, Line, LineKind, Mode, Money,
    Outcome, RuleSet, Snapshot, evaluate, evaluate_parallel, evaluate_with, evaluation_order,
};
use serde_json::{Value, json};
use support::{Book, line_from, lines_from, msk, rub};

/// The program's rules, as JSON values (a test adds or changes some).
fn rules() -> Vec<Value> {
    vec![
        json!({ "id": "referrer", "clause": "ML-1", "rule": "reward",
                "payments": { "paid_by": "client" }, "beneficiary": "referrer",
                "rate": { "schedule": "flat", "rate_percent": "30" }, "form": "accrual" }),
        json!({ "id": "override-1", "clause": "ML-2", "rule": "reward",
                "payments": { "paid_by": "client" }, "beneficiary": { "upline": 1 },
                "rate": { "schedule": "flat", "rate_percent": "5" },
                "window": { "from": "client_registered", "length": { "months": 12 } },
                "form": "accrual" }),
        json!({ "id": "override-2", "clause": "ML-3", "rule": "reward",
                "payments": { "paid_by": "client" }, "beneficiary": { "upline": 2 },
                "rate": { "schedule": "flat", "rate_percent": "2" }, "form": "accrual" }),
        json!({ "id": "refunds", "clause": "ML-4", "rule": "refunds",
                "policy": "clawback_within_hold", "hold_days": 30 }),
        json!({ "id": "catch-up", "clause": "ML-5", "rule": "attribution_catch_up" }),
    ]
}

/// The program's JSON document with the given rules.
fn document(rules: Vec<Value>) -> String {
    json!({
        "program": "two-tier-rub",
        "name": "A two-tier affiliate program in roubles (made up, data only)",
        "time_zone": "+03:00",
        "currency": { "program_currency": "RUB", "booking": "program_currency",
                      "fx_markup_percent": "0" },
        "rounding": "half_away_from_zero",
        "versions": [ { "effective_from": null, "label": "2025 terms", "rules": rules } ]
    })
    .to_string()
}

fn program() -> RuleSet {
    RuleSet::from_json(&document(rules())).unwrap()
}

fn run(book: &Book) -> Outcome {
    evaluate(&program(), &book.ledger()).unwrap()
}

fn recruit(book: &mut Book, id: &str, at: Instant, partner: &str, parent: &str) {
    book.push(id, at, build::partner_recruited(partner, parent));
}

/// A three-level tree: p-top recruits p-sub on its registration, p-sub recruits p-subsub
/// on its registration; c1 is a client of p-subsub.
fn tree() -> Book {
    let mut book = Book::new();
    book.partner("p-top", msk(2025, 1, 10, 10, 0))
        .partner("p-sub", msk(2025, 1, 11, 10, 0));
    // "On registration": a recruitment at the registration's instant, after it.
    recruit(
        &mut book,
        "p-sub-recruited",
        msk(2025, 1, 11, 10, 0),
        "p-sub",
        "p-top",
    );
    book.partner("p-subsub", msk(2025, 1, 12, 10, 0));
    recruit(
        &mut book,
        "p-subsub-recruited",
        msk(2025, 1, 12, 10, 0),
        "p-subsub",
        "p-sub",
    );
    book.client("c1", msk(2025, 2, 1, 12, 0), Some("p-subsub"));
    book
}

/// (partner, clause, amount) of the lines of `kind` an event produced, in booking order.
fn shares(outcome: &Outcome, source: &str, kind: LineKind) -> Vec<(String, String, Money)> {
    lines_from(outcome, source, kind)
        .iter()
        .map(|l| (l.partner.to_string(), l.clause.to_string(), l.amount))
        .collect()
}

fn share(partner: &str, clause: &str, amount: &str) -> (String, String, Money) {
    (partner.to_owned(), clause.to_owned(), rub(amount))
}

fn line_of<'a>(outcome: &'a Outcome, source: &str, clause: &str) -> &'a Line {
    let found: Vec<&Line> = outcome
        .lines
        .iter()
        .filter(|l| l.source_event.as_str() == source && l.clause.as_str() == clause)
        .collect();
    assert_eq!(found.len(), 1, "one {clause} line from {source}: {found:?}");
    found[0]
}

#[test]
fn ml_1_2_3_a_payment_pays_the_referrer_its_parent_and_its_grandparent() {
    let mut book = tree();
    book.pays("c1-pays", msk(2025, 2, 10, 12, 0), "c1", rub("10000.00"));
    let outcome = run(&book);
    assert_eq!(
        shares(&outcome, "c1-pays", LineKind::Accrual),
        [
            share("p-subsub", "ML-1", "3000.00"),
            share("p-sub", "ML-2", "500.00"),
            share("p-top", "ML-3", "200.00"),
        ]
    );
    // Each upline line says whose upline it is, and keeps its own rate.
    let parent = line_of(&outcome, "c1-pays", "ML-2");
    assert_eq!(
        parent.explanation.note.as_deref(),
        Some("upline level 1 of referrer p-subsub")
    );
    assert_eq!(
        parent.explanation.rate.map(|r| r.to_string()),
        Some("5%".into())
    );
    assert_eq!(parent.explanation.base, Some(rub("10000.00")));
    let grandparent = line_of(&outcome, "c1-pays", "ML-3");
    assert_eq!(
        grandparent.explanation.note.as_deref(),
        Some("upline level 2 of referrer p-subsub")
    );
    // The referrer's own line says nothing of uplines.
    assert_eq!(line_of(&outcome, "c1-pays", "ML-1").explanation.note, None);
    assert!(outcome.rejections.is_empty());
}

#[test]
fn ml_2_a_payment_before_the_recruitment_gives_the_parent_nothing() {
    let mut book = Book::new();
    book.partner("p-top", msk(2025, 1, 10, 10, 0))
        .partner("p-sub", msk(2025, 1, 11, 10, 0))
        .client("c1", msk(2025, 2, 1, 12, 0), Some("p-sub"))
        .pays("before", msk(2025, 2, 10, 12, 0), "c1", rub("10000.00"));
    recruit(
        &mut book,
        "recruited",
        msk(2025, 3, 1, 10, 0),
        "p-sub",
        "p-top",
    );
    book.pays("after", msk(2025, 3, 10, 12, 0), "c1", rub("10000.00"));
    let outcome = run(&book);
    assert_eq!(
        shares(&outcome, "before", LineKind::Accrual),
        [share("p-sub", "ML-1", "3000.00")]
    );
    // p-top has no parent: the 2-level override finds no one and books nothing.
    assert_eq!(
        shares(&outcome, "after", LineKind::Accrual),
        [
            share("p-sub", "ML-1", "3000.00"),
            share("p-top", "ML-2", "500.00"),
        ]
    );
    // The recruitment itself books nothing, and reaches back to nothing.
    assert!(lines_from(&outcome, "recruited", LineKind::Adjustment).is_empty());
}

#[test]
fn ml_2_a_re_parented_partners_later_payments_go_to_the_new_parent() {
    let mut book = Book::new();
    book.partner("p-a", msk(2025, 1, 10, 10, 0))
        .partner("p-b", msk(2025, 1, 10, 11, 0))
        .partner("p-sub", msk(2025, 1, 11, 10, 0));
    recruit(&mut book, "by-a", msk(2025, 1, 11, 10, 0), "p-sub", "p-a");
    book.client("c1", msk(2025, 2, 1, 12, 0), Some("p-sub"))
        .pays(
            "pays-under-a",
            msk(2025, 2, 10, 12, 0),
            "c1",
            rub("10000.00"),
        );
    recruit(&mut book, "by-b", msk(2025, 3, 1, 10, 0), "p-sub", "p-b");
    book.pays(
        "pays-under-b",
        msk(2025, 3, 10, 12, 0),
        "c1",
        rub("10000.00"),
    );
    let outcome = run(&book);
    assert_eq!(
        line_of(&outcome, "pays-under-a", "ML-2").partner.as_str(),
        "p-a"
    );
    let later = line_of(&outcome, "pays-under-b", "ML-2");
    assert_eq!(
        (later.partner.as_str(), later.amount),
        ("p-b", rub("500.00"))
    );
    // p-a keeps what it earned and earns nothing more.
    let p_a: Vec<Money> = outcome
        .lines
        .iter()
        .filter(|l| l.partner.as_str() == "p-a")
        .map(|l| l.amount)
        .collect();
    assert_eq!(p_a, [rub("500.00")]);

    // Naming the parent already in force is refused like any unchanged fact.
    recruit(
        &mut book,
        "by-b-again",
        msk(2025, 3, 2, 10, 0),
        "p-sub",
        "p-b",
    );
    let err = evaluate(&program(), &book.ledger()).unwrap_err();
    assert_eq!(err.event().map(|e| e.as_str()), Some("by-b-again"));
    assert_eq!(
        err.kind(),
        &ErrorKind::FactUnchanged {
            fact: "parent".into(),
            value: "p-b".into()
        }
    );
    assert_eq!(
        err.to_string(),
        "event by-b-again: nothing changes: the partner's parent is already p-b"
    );
}

/// p-a recruits p-b, p-b recruits p-c; then three recruitments that would close a cycle.
fn cycles() -> Book {
    let mut book = Book::new();
    book.partner("p-a", msk(2025, 1, 10, 10, 0))
        .partner("p-b", msk(2025, 1, 10, 11, 0))
        .partner("p-c", msk(2025, 1, 10, 12, 0));
    recruit(
        &mut book,
        "a-recruits-b",
        msk(2025, 1, 11, 10, 0),
        "p-b",
        "p-a",
    );
    recruit(
        &mut book,
        "b-recruits-c",
        msk(2025, 1, 11, 11, 0),
        "p-c",
        "p-b",
    );
    recruit(
        &mut book,
        "b-recruits-a",
        msk(2025, 1, 12, 10, 0),
        "p-a",
        "p-b",
    );
    recruit(
        &mut book,
        "a-recruits-a",
        msk(2025, 1, 12, 11, 0),
        "p-a",
        "p-a",
    );
    recruit(
        &mut book,
        "c-recruits-a",
        msk(2025, 1, 12, 12, 0),
        "p-a",
        "p-c",
    );
    book.client("c1", msk(2025, 2, 1, 12, 0), Some("p-c")).pays(
        "c1-pays",
        msk(2025, 2, 10, 12, 0),
        "c1",
        rub("10000.00"),
    );
    book
}

fn cycle(partner: &str, parent: &str) -> ErrorKind {
    ErrorKind::RecruitmentCycle {
        partner: partner.into(),
        parent: parent.into(),
    }
}

#[test]
fn a_recruitment_that_closes_a_cycle_is_rejected_whole_and_the_rest_applies() {
    // Strict: the first cycle is the error, naming the event and both partners.
    let err: Error = evaluate(&program(), &cycles().ledger()).unwrap_err();
    assert_eq!(err.event().map(|e| e.as_str()), Some("b-recruits-a"));
    assert_eq!(err.kind(), &cycle("p-a", "p-b"));
    assert_eq!(
        err.to_string(),
        "event b-recruits-a: partner p-b cannot become the parent of partner p-a: it is p-a \
         itself or one of its sub-partners, which would make a cycle"
    );

    // Lenient: the three are rejected, each with its typed reason; nothing else changes.
    let outcome = evaluate_with(&program(), &cycles().ledger(), Mode::Lenient).unwrap();
    let rejected: Vec<(&str, &ErrorKind)> = outcome
        .rejections
        .iter()
        .map(|r| (r.event.as_str(), &r.reason))
        .collect();
    assert_eq!(
        rejected,
        [
            ("b-recruits-a", &cycle("p-a", "p-b")),
            ("a-recruits-a", &cycle("p-a", "p-a")),
            ("c-recruits-a", &cycle("p-a", "p-c")),
        ]
    );
    // The chain stays p-c → p-b → p-a: the payment pays all three levels.
    assert_eq!(
        shares(&outcome, "c1-pays", LineKind::Accrual),
        [
            share("p-c", "ML-1", "3000.00"),
            share("p-b", "ML-2", "500.00"),
            share("p-a", "ML-3", "200.00"),
        ]
    );
}

#[test]
fn both_partners_must_be_registered_by_the_recruitment() {
    let cases = [
        (
            "ghost",
            "p-top",
            ErrorKind::UnknownPartner {
                partner: "ghost".into(),
            },
        ),
        (
            "p-top",
            "ghost",
            ErrorKind::UnknownPartner {
                partner: "ghost".into(),
            },
        ),
    ];
    for (partner, parent, expected) in cases {
        let mut book = Book::new();
        book.partner("p-top", msk(2025, 1, 10, 10, 0));
        recruit(
            &mut book,
            "recruited",
            msk(2025, 1, 11, 10, 0),
            partner,
            parent,
        );
        let err = evaluate(&program(), &book.ledger()).unwrap_err();
        assert_eq!(err.event().map(|e| e.as_str()), Some("recruited"));
        assert_eq!(err.kind(), &expected);
    }
}

#[test]
fn ml_4_a_refund_within_the_hold_claws_back_the_overrides_in_proportion() {
    let mut book = tree();
    book.pays("c1-pays", msk(2025, 2, 10, 12, 0), "c1", rub("10000.00"))
        .push(
            "half-back",
            msk(2025, 2, 20, 12, 0),
            EventKind::Refund {
                payment: "c1-pays".into(),
                amount: rub("5000.00"),
            },
        );
    let outcome = run(&book);
    // Half refunded: half of each reward back (clawbacks listed by partner, then rule).
    assert_eq!(
        shares(&outcome, "half-back", LineKind::Adjustment),
        [
            share("p-sub", "ML-2", "-250.00"),
            share("p-subsub", "ML-1", "-1500.00"),
            share("p-top", "ML-3", "-100.00"),
        ]
    );
}

#[test]
fn ml_2_the_parents_override_stops_after_its_window_the_grandparents_does_not() {
    let mut book = tree();
    // c1 registered 1 Feb 2025 12:00 (Moscow): ML-2 pays until 1 Feb 2026 12:00.
    book.pays("inside", msk(2026, 1, 20, 12, 0), "c1", rub("10000.00"))
        .pays(
            "last-minute",
            msk(2026, 2, 1, 11, 59),
            "c1",
            rub("10000.00"),
        )
        .pays("after", msk(2026, 2, 1, 12, 0), "c1", rub("10000.00"));
    let outcome = run(&book);
    for inside in ["inside", "last-minute"] {
        assert_eq!(
            shares(&outcome, inside, LineKind::Accrual),
            [
                share("p-subsub", "ML-1", "3000.00"),
                share("p-sub", "ML-2", "500.00"),
                share("p-top", "ML-3", "200.00"),
            ]
        );
    }
    assert_eq!(
        shares(&outcome, "after", LineKind::Accrual),
        [
            share("p-subsub", "ML-1", "3000.00"),
            share("p-top", "ML-3", "200.00"),
        ]
    );
}

#[test]
fn ml_5_a_late_attribution_catches_up_the_uplines_at_each_payments_parents() {
    let mut book = tree();
    book.partner("p-other", msk(2025, 1, 13, 10, 0))
        .client("c2", msk(2025, 2, 1, 13, 0), None)
        .pays("c2-pays", msk(2025, 2, 10, 12, 0), "c2", rub("10000.00"));
    // p-sub changes parent after the payment, before the attribution: the payment's
    // upline is the parent in force when it was made.
    recruit(
        &mut book,
        "re-parented",
        msk(2025, 2, 20, 10, 0),
        "p-sub",
        "p-other",
    );
    book.attribute("c2-attributed", msk(2025, 3, 1, 10, 0), "c2", "p-subsub");
    let outcome = run(&book);
    assert!(lines_from(&outcome, "c2-pays", LineKind::Accrual).is_empty());
    assert_eq!(
        shares(&outcome, "c2-attributed", LineKind::Adjustment),
        [
            share("p-subsub", "ML-1", "3000.00"),
            share("p-sub", "ML-2", "500.00"),
            share("p-top", "ML-3", "200.00"),
        ]
    );
    let caught_up = line_of(&outcome, "c2-attributed", "ML-2");
    assert_eq!(caught_up.booked_at, msk(2025, 3, 1, 10, 0));
    assert_eq!(
        caught_up.explanation.note.as_deref(),
        Some("upline level 1 of referrer p-subsub; catch-up for payment c2-pays after attribution")
    );
    // A payment after the re-parenting goes to the new grandparent.
    book.pays(
        "c2-pays-again",
        msk(2025, 3, 10, 12, 0),
        "c2",
        rub("10000.00"),
    );
    let outcome = run(&book);
    assert_eq!(
        line_of(&outcome, "c2-pays-again", "ML-3").partner.as_str(),
        "p-other"
    );
}

#[test]
fn an_upline_is_paid_as_a_referrer_is_payability_and_a_per_client_cap() {
    let mut rules = rules();
    rules[1]["payable_if"] = json!({ "legal_forms": ["legal_entity"], "contract_required": false });
    rules[1]["per_client"] = json!({ "max_payments": 1 });
    let program = RuleSet::from_json(&document(rules)).unwrap();
    let mut book = Book::new();
    book.partner_with(
        "p-top",
        msk(2025, 1, 10, 10, 0),
        LegalForm::Individual,
        commission_rules::Currency::RUB,
    )
    .partner("p-sub", msk(2025, 1, 11, 10, 0));
    recruit(
        &mut book,
        "recruited",
        msk(2025, 1, 11, 10, 0),
        "p-sub",
        "p-top",
    );
    book.client("c1", msk(2025, 2, 1, 12, 0), Some("p-sub"))
        .pays("first", msk(2025, 2, 10, 12, 0), "c1", rub("10000.00"))
        .push(
            "p-top-incorporates",
            msk(2025, 3, 1, 10, 0),
            build::legal_form_changed("p-top", LegalForm::LegalEntity),
        )
        .pays("second", msk(2025, 3, 10, 12, 0), "c1", rub("10000.00"))
        .pays("third", msk(2025, 4, 10, 12, 0), "c1", rub("10000.00"));
    let outcome = evaluate(&program, &book.ledger()).unwrap();
    // p-top is an individual at first: its override is booked, not payable, with the reason.
    let first = line_from(&outcome, "first", LineKind::NotPayable);
    assert_eq!(
        (first.partner.as_str(), first.amount),
        ("p-top", rub("500.00"))
    );
    assert_eq!(
        first.explanation.note.as_deref(),
        Some("upline level 1 of referrer p-sub; not payable: legal form individual")
    );
    // As for a referrer, a line not payable uses none of the cap: the second payment's
    // override is p-top's one rewarded payment of c1, the third earns it nothing.
    assert_eq!(
        shares(&outcome, "second", LineKind::Accrual),
        [
            share("p-sub", "ML-1", "3000.00"),
            share("p-top", "ML-2", "500.00"),
        ]
    );
    assert_eq!(
        shares(&outcome, "third", LineKind::Accrual),
        [share("p-sub", "ML-1", "3000.00")]
    );
    assert!(lines_from(&outcome, "third", LineKind::NotPayable).is_empty());
}

#[test]
fn an_uplines_retroactive_tiers_count_its_own_clients() {
    // ML-2 tiered by the upline's own referred clients: 5 %, and 10 % from 2 of them,
    // retroactive to the month.
    let mut rules = rules();
    rules[1]["rate"] = json!({ "schedule": "tiered", "measure": {"client_count": "referred"},
        "retroactive": "current_month",
        "tiers": [ { "from": "0", "rate_percent": "5" },
                   { "from": "2", "rate_percent": "10" } ] });
    let program = RuleSet::from_json(&document(rules)).unwrap();
    let mut book = Book::new();
    book.partner("p-top", msk(2025, 1, 10, 10, 0))
        .partner("p-sub", msk(2025, 1, 11, 10, 0));
    recruit(
        &mut book,
        "recruited",
        msk(2025, 1, 11, 10, 0),
        "p-sub",
        "p-top",
    );
    book.client("c1", msk(2025, 2, 1, 12, 0), Some("p-sub"))
        .client("c2", msk(2025, 2, 2, 12, 0), Some("p-sub"))
        .pays("c1-pays", msk(2025, 2, 10, 12, 0), "c1", rub("10000.00"))
        .client("t1", msk(2025, 2, 15, 12, 0), Some("p-top"))
        .client("t2", msk(2025, 2, 16, 12, 0), Some("p-top"))
        .pays("c2-pays", msk(2025, 2, 20, 12, 0), "c2", rub("10000.00"));
    let outcome = evaluate(&program, &book.ledger()).unwrap();
    // p-sub's two clients do not count for p-top: 5 % (count 0).
    let first = line_of(&outcome, "c1-pays", "ML-2");
    assert_eq!(
        (first.amount, first.explanation.count),
        (rub("500.00"), Some(0))
    );
    // p-top's own second client re-rates the month's override at 10 %: +500.00.
    assert_eq!(
        shares(&outcome, "t2-registers", LineKind::Adjustment),
        [share("p-top", "ML-2", "500.00")]
    );
    assert_eq!(line_of(&outcome, "c2-pays", "ML-2").amount, rub("1000.00"));
}

#[test]
fn the_upline_beneficiary_round_trips_through_json() {
    for (beneficiary, text) in [
        (Beneficiary::Upline(1), r#"{"upline":1}"#),
        (Beneficiary::Upline(MAX_UPLINE), r#"{"upline":5}"#),
        (Beneficiary::Referrer, r#""referrer""#),
    ] {
        assert_eq!(serde_json::to_string(&beneficiary).unwrap(), text);
        assert_eq!(
            serde_json::from_str::<Beneficiary>(text).unwrap(),
            beneficiary
        );
    }
    let program = program();
    let again = RuleSet::from_json(&serde_json::to_string(&program).unwrap()).unwrap();
    assert_eq!(again, program);
    let rule: RewardRule = serde_json::from_value(json!({
        "payments": { "paid_by": "client" }, "beneficiary": { "upline": 2 },
        "rate": { "schedule": "flat", "rate_percent": "2" }, "form": "accrual" }))
    .unwrap();
    assert_eq!(rule.beneficiary, Beneficiary::Upline(2));
    // Neither a name nor a level of another shape.
    for bad in [
        r#""upline""#,
        r#"{"upline":-1}"#,
        r#"{"upline":"1"}"#,
        r#""parent""#,
    ] {
        assert!(serde_json::from_str::<Beneficiary>(bad).is_err(), "{bad}");
    }
}

#[test]
fn an_upline_level_is_from_1_to_5() {
    for level in [0, 6] {
        let mut rules = rules();
        rules[1]["beneficiary"] = json!({ "upline": level });
        let err = RuleSet::from_json(&document(rules)).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "rule set at versions[0].rules[1].beneficiary.upline: an upline level is from \
                 1 to 5 (1: the referrer's parent), got {level}"
            )
        );
    }
    // An entitlement's clients are the partner's own, never its upline's.
    let mut rules = rules();
    rules.push(
        json!({ "id": "perk", "clause": "ML-6", "rule": "entitlement",
        "perk": "priority-support",
        "starts": { "while_active_client": { "of": { "upline": 1 } } } }),
    );
    let err = RuleSet::from_json(&document(rules)).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("rule set at versions[0].rules[5].starts.while_active_client.of: "),
        "{err}"
    );
}

#[test]
fn a_recruitment_reads_from_csv_with_a_parent_column() {
    let csv = "id,at,type,partner,parent\n\
               r1,2025-01-11T07:00:00Z,partner_recruited,p-sub,p-top\n";
    let events: Vec<Event> = read_csv(csv.as_bytes()).collect::<Result<_, _>>().unwrap();
    assert_eq!(events[0].kind, build::partner_recruited("p-sub", "p-top"));
    assert_eq!(events[0].at, msk(2025, 1, 11, 10, 0));
}

/// Two trees, several clients, re-parentings and a refund: enough for a part boundary
/// and a snapshot to fall inside.
fn forest() -> Book {
    let mut book = tree();
    book.partner("q-top", msk(2025, 1, 10, 10, 0))
        .partner("q-sub", msk(2025, 1, 11, 11, 0));
    recruit(
        &mut book,
        "q-sub-recruited",
        msk(2025, 1, 11, 12, 0),
        "q-sub",
        "q-top",
    );
    book.client("d1", msk(2025, 2, 1, 14, 0), Some("q-sub"));
    for month in 2..=8 {
        let at = msk(2025, month, 10, 12, 0);
        book.pays(&format!("c1-pays-{month}"), at, "c1", rub("10000.00"))
            .pays(&format!("d1-pays-{month}"), at, "d1", rub("2500.50"));
    }
    recruit(
        &mut book,
        "p-sub-moves",
        msk(2025, 5, 1, 10, 0),
        "p-sub",
        "q-sub",
    );
    book.push(
        "refund",
        msk(2025, 6, 15, 12, 0),
        EventKind::Refund {
            payment: "c1-pays-6".into(),
            amount: rub("1000.00"),
        },
    );
    book
}

#[test]
fn incremental_through_a_snapshot_equals_batch_and_parallel_equals_serial() {
    let program = program();
    let ledger = forest().ledger();
    let batch = evaluate(&program, &ledger).unwrap();
    // After p-sub moves under q-sub, q-sub is p-subsub's grandparent: one tree.
    assert!(
        batch
            .lines
            .iter()
            .any(|l| l.partner.as_str() == "q-sub" && l.clause.as_str() == "ML-3")
    );
    let ordered = evaluation_order(&program, &ledger);
    for cut in [5, ordered.len() / 2, ordered.len() - 1] {
        let mut first = Engine::new(&program, Mode::Strict).unwrap();
        for event in &ordered[..cut] {
            first.apply(event).unwrap();
        }
        let json = serde_json::to_string(&first.snapshot()).unwrap();
        let snapshot: Snapshot = serde_json::from_str(&json).unwrap();
        let mut resumed = Engine::resume(&program, snapshot, Mode::Strict).unwrap();
        for event in &ordered[cut..] {
            resumed.apply(event).unwrap();
        }
        assert_eq!(resumed.outcome().unwrap(), batch, "cut at {cut}");
    }
    for threads in [2, 3] {
        let parallel = evaluate_parallel(&program, &ledger, Mode::Strict, threads).unwrap();
        assert_eq!(
            parallel.statement_totals(),
            batch.statement_totals(),
            "{threads} threads"
        );
    }
}
