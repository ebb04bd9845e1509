//! A sixth program written only as data (`programs/example-saas.json`), in the style of
//! the common affiliate platforms, evaluated with no Rust code for its vendor: 25 %
//! recurring, at most 6 payments and 500 EUR per referred client; 30 % from the 5th
//! client, retroactive to the month's earlier payments; a 100 EUR bonus at the 3rd paying
//! client; commissions held 30 days, a refund inside the hold clawing back in proportion;
//! monthly payouts of at least 50 EUR, less carried over.

mod support;

use chrono::Duration;
use commission_rules::{EventKind, Instant, LineKind, Outcome, RuleSet, evaluate};
use support::{Book, eur, lines_from as lines, utc};

fn program() -> RuleSet {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/programs/example-saas.json");
    RuleSet::from_json(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn run(book: &Book) -> Outcome {
    evaluate(&program(), &book.ledger()).unwrap()
}

fn amounts(outcome: &Outcome, source: &str, kind: LineKind) -> Vec<commission_rules::Money> {
    lines(outcome, source, kind)
        .iter()
        .map(|l| l.amount)
        .collect()
}

fn affiliate(book: &mut Book, partner: &str, clients: u32, from: Instant) {
    book.partner_with(
        partner,
        from,
        commission_rules::LegalForm::LegalEntity,
        commission_rules::Currency::EUR,
    );
    for n in 1..=clients {
        let at = from + Duration::days(i64::from(n));
        book.client(&format!("{partner}-c{n}"), at, Some(partner));
    }
}

fn refund(book: &mut Book, id: &str, at: Instant, payment: &str, amount: &str) {
    let kind = EventKind::Refund {
        payment: payment.into(),
        amount: eur(amount),
    };
    book.push(id, at, kind);
}

/// January: 25 % on the first payments; the 5th client re-rates the month at 30 %; the
/// 3rd paying client brings 100 EUR; a refund of half a payment inside the hold claws back
/// half its commission, one after the hold nothing; on 1 March everything whose hold ended
/// in February is paid out: 25 + 50 + 5 + 10 + 30 + 100 − 30 = 190 EUR.
#[test]
fn saas_january_retroactive_tier_bonus_clawback_and_the_march_payout() {
    let mut book = Book::new();
    affiliate(&mut book, "aff", 4, utc(2026, 1, 1, 0, 0));
    book.pays("c1-pays", utc(2026, 1, 10, 12, 0), "aff-c1", eur("100"))
        .pays("c2-pays", utc(2026, 1, 12, 12, 0), "aff-c2", eur("200"))
        .client("aff-c5", utc(2026, 1, 20, 12, 0), Some("aff"))
        .pays("c3-pays", utc(2026, 1, 25, 12, 0), "aff-c3", eur("100"));
    refund(
        &mut book,
        "c2-half-back",
        utc(2026, 1, 30, 12, 0),
        "c2-pays",
        "100",
    );
    refund(
        &mut book,
        "c1-late-refund",
        utc(2026, 2, 15, 12, 0),
        "c1-pays",
        "100",
    );
    book.push("march", utc(2026, 3, 1, 0, 0), EventKind::Checkpoint);
    let outcome = run(&book);

    assert_eq!(
        amounts(&outcome, "c1-pays", LineKind::Accrual),
        [eur("25.00")]
    );
    assert_eq!(
        amounts(&outcome, "c2-pays", LineKind::Accrual),
        [eur("50.00")]
    );
    let rerated = lines(&outcome, "aff-c5-registers", LineKind::Adjustment);
    let rerated: Vec<_> = rerated
        .iter()
        .map(|l| (l.payment.as_ref().unwrap().as_str(), l.amount))
        .collect();
    assert_eq!(
        rerated,
        [("c1-pays", eur("5.00")), ("c2-pays", eur("10.00"))]
    );
    assert_eq!(
        amounts(&outcome, "c3-pays", LineKind::Accrual),
        [eur("30.00")]
    );
    let bonus = lines(&outcome, "c3-pays", LineKind::Bonus);
    assert_eq!(
        (bonus[0].amount, bonus[0].clause.as_str()),
        (eur("100"), "SAAS-2")
    );
    assert_eq!(
        amounts(&outcome, "c2-half-back", LineKind::Adjustment),
        [eur("-30.00")]
    );
    assert!(
        outcome
            .lines
            .iter()
            .all(|l| l.source_event.as_str() != "c1-late-refund")
    );

    let payouts: Vec<_> = outcome
        .lines
        .iter()
        .filter(|l| l.kind == LineKind::Payout)
        .map(|l| (l.booked_at, l.amount))
        .collect();
    assert_eq!(payouts, [(utc(2026, 3, 1, 0, 0), eur("-190.00"))]);
    let february = outcome
        .statement(
            &"aff".into(),
            commission_rules::Month::new(2026, 2).unwrap(),
        )
        .unwrap();
    assert_eq!(february.closing, eur("190.00"));
}

/// 30 % of 400 is 120: four payments reach 480, the fifth is cut to the 500 EUR cap (20),
/// the sixth earns nothing; a client paying 10 EUR earns on its first six payments only.
#[test]
fn saas_the_per_client_caps_500_eur_and_6_payments() {
    let mut book = Book::new();
    affiliate(&mut book, "aff", 5, utc(2026, 1, 1, 0, 0));
    for month in 2..=7 {
        let at = utc(2026, month, 3, 12, 0);
        book.pays(&format!("big-{month}"), at, "aff-c4", eur("400"));
        book.pays(
            &format!("small-{month}"),
            at + Duration::hours(1),
            "aff-c5",
            eur("10"),
        );
    }
    book.pays("small-8", utc(2026, 8, 3, 13, 0), "aff-c5", eur("10"));
    let outcome = run(&book);
    let big: Vec<_> = (2..=7)
        .flat_map(|m| amounts(&outcome, &format!("big-{m}"), LineKind::Accrual))
        .collect();
    assert_eq!(
        big,
        [eur("120"), eur("120"), eur("120"), eur("120"), eur("20")]
    );
    let cut = lines(&outcome, "big-6", LineKind::Accrual)[0];
    assert_eq!(
        cut.explanation.note.as_deref(),
        Some("cut to the per-client cap of 500 EUR")
    );
    let small: Vec<_> = (2..=8)
        .flat_map(|m| amounts(&outcome, &format!("small-{m}"), LineKind::Accrual))
        .collect();
    assert_eq!(small, vec![eur("3.00"); 6]);
}

/// 25 EUR matured by 1 March is under the 50 EUR minimum: carried over; with the next
/// 25 EUR matured by 1 April, 50 EUR is paid out on 1 April.
#[test]
fn saas_a_payout_under_the_minimum_carries_over() {
    let mut book = Book::new();
    affiliate(&mut book, "small", 1, utc(2026, 1, 1, 0, 0));
    book.pays("jan", utc(2026, 1, 20, 12, 0), "small-c1", eur("100"))
        .pays("feb", utc(2026, 2, 20, 12, 0), "small-c1", eur("100"))
        .push("april", utc(2026, 4, 2, 0, 0), EventKind::Checkpoint);
    let outcome = run(&book);
    let payouts: Vec<_> = outcome
        .lines
        .iter()
        .filter(|l| l.kind == LineKind::Payout)
        .map(|l| (l.booked_at, l.amount))
        .collect();
    assert_eq!(payouts, [(utc(2026, 4, 1, 0, 0), eur("-50.00"))]);
}

/// The tier (SAAS-1) and the paying count (SAAS-2) are of referred clients, those of the
/// affiliate's link or code: two clients the affiliate registered from a partner cabinet,
/// both paying, neither lift the rate to 30 % nor bring the bonus. Four link clients and
/// two cabinet clients: the cabinet clients pay 10 EUR each, then c1 pays 100 EUR at 25 %
/// (25.00, count 4, not 6 at 30 %); three payers, one paying referred client: no bonus.
#[test]
fn saas_1_saas_2_count_referred_clients_not_cabinet_registrations() {
    let mut book = Book::new();
    affiliate(&mut book, "aff", 4, utc(2026, 1, 1, 0, 0));
    book.cabinet_client("cab1", utc(2026, 1, 6, 0, 0), "aff")
        .cabinet_client("cab2", utc(2026, 1, 7, 0, 0), "aff")
        .pays("cab1-pays", utc(2026, 1, 8, 12, 0), "cab1", eur("10"))
        .pays("cab2-pays", utc(2026, 1, 9, 12, 0), "cab2", eur("10"))
        .pays("c1-pays", utc(2026, 1, 10, 12, 0), "aff-c1", eur("100"));
    let outcome = run(&book);
    let accrual = lines(&outcome, "c1-pays", LineKind::Accrual);
    assert_eq!(
        (accrual[0].amount, accrual[0].explanation.count),
        (eur("25.00"), Some(4))
    );
    assert!(outcome.lines.iter().all(|l| l.kind != LineKind::Bonus));
}
