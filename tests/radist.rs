//! Radist.Online, clauses R-1…R-6 (`../shared/programs/radist.md`): every worked example
//! with its exact figures, and the edges around each clause.

mod support;

use commission_rules::{ErrorKind, LineKind, Month, Outcome, PartnerId, evaluate, programs};
use support::{Book, d, msk, rub};

fn run(book: &Book) -> Outcome {
    evaluate(&programs::radist(), &book.ledger()).unwrap()
}

fn month(year: i32, month: u32) -> Month {
    Month::new(year, month).unwrap()
}

fn p(id: &str) -> PartnerId {
    PartnerId::from(id)
}

/// Worked example 1: 5,000 RUB on 10 March 2024 15:00 MSK → 2,000 RUB due 13 March 15:00.
#[test]
fn r_1_r_2_example_1_attributed_payment_earns_40_percent_due_three_days_later() {
    let mut book = Book::new();
    book.partner("p1", msk(2024, 1, 10, 10, 0))
        .client("c1", msk(2024, 2, 1, 10, 0), Some("p1"))
        .pays("pay-1", msk(2024, 3, 10, 15, 0), "c1", rub("5000"));
    let outcome = run(&book);

    let accrual = &outcome.lines[0];
    assert_eq!(accrual.kind, LineKind::Accrual);
    assert_eq!(accrual.clause.as_str(), "R-1");
    assert_eq!(accrual.source_event.as_str(), "pay-1");
    assert_eq!(accrual.amount, rub("2000.00"));
    assert_eq!(accrual.explanation.base, Some(rub("5000")));
    assert_eq!(
        accrual.explanation.rate.map(|r| r.as_percent()),
        Some(d("40"))
    );
    assert_eq!(accrual.due, Some(msk(2024, 3, 13, 15, 0)));

    let payout = &outcome.lines[1];
    assert_eq!(
        (payout.kind, payout.clause.as_str()),
        (LineKind::Payout, "R-2")
    );
    assert_eq!(payout.amount, rub("-2000.00"));
    assert_eq!(payout.booked_at, msk(2024, 3, 13, 15, 0));

    let march = outcome.statement(&p("p1"), month(2024, 3)).unwrap();
    assert_eq!(march.opening, rub("0"));
    assert_eq!(march.closing, rub("0"));
    assert_eq!(march.payouts_due.len(), 1);
    assert_eq!(march.payouts_due[0].amount, rub("2000.00"));
    assert_eq!(march.payouts_due[0].due, msk(2024, 3, 13, 15, 0));
}

#[test]
fn r_1_lifetime_payments_years_later_still_earn_40_percent() {
    let mut book = Book::new();
    book.partner("p1", msk(2021, 1, 10, 10, 0))
        .client("c1", msk(2021, 2, 1, 10, 0), Some("p1"))
        .pays("pay-2021", msk(2021, 2, 1, 11, 0), "c1", rub("1234.56"))
        .pays("pay-2026", msk(2026, 2, 1, 11, 0), "c1", rub("1234.56"));
    let outcome = run(&book);
    let accruals: Vec<_> = outcome
        .lines
        .iter()
        .filter(|l| l.kind == LineKind::Accrual)
        .collect();
    // 1234.56 × 40 % = 493.824 → 493.82 (half away from zero, once per line).
    assert_eq!(accruals.len(), 2);
    assert!(accruals.iter().all(|l| l.amount == rub("493.82")));
    assert_eq!(accruals[0].explanation.exact, Some(d("493.824")));
}

#[test]
fn r_1_a_client_without_a_partner_earns_nobody_anything() {
    let mut book = Book::new();
    book.partner("p1", msk(2024, 1, 10, 10, 0))
        .client("c1", msk(2024, 2, 1, 10, 0), None)
        .pays("pay-1", msk(2024, 3, 10, 15, 0), "c1", rub("5000"));
    let outcome = run(&book);
    assert!(outcome.lines.is_empty());
    assert_eq!(outcome.settlements[0].partner, None);
    assert_eq!(outcome.settlements[0].vendor_share, rub("5000"));
}

/// 40 % of a kopeck amount never lands on a midpoint, so the midpoint case is taken from
/// the 2019 version's (illustrative) 30 %: 0.15 × 30 % = 0.045 → 0.05 half away from zero,
/// where banker's rounding would give 0.04.
#[test]
fn r_1_r_4_rounding_is_half_away_from_zero_once_per_line() {
    let mut book = Book::new();
    book.partner("p1", msk(2019, 1, 10, 10, 0))
        .client("c1", msk(2019, 2, 1, 10, 0), Some("p1"))
        .pays("midpoint", msk(2019, 3, 1, 10, 0), "c1", rub("0.15"))
        .pays("below-half", msk(2024, 3, 1, 11, 0), "c1", rub("1.01"))
        .pays("above-half", msk(2024, 3, 1, 12, 0), "c1", rub("1.04"));
    let outcome = run(&book);
    let figures: Vec<_> = outcome
        .lines
        .iter()
        .filter(|l| l.kind == LineKind::Accrual)
        .map(|l| (l.explanation.exact.unwrap(), l.amount))
        .collect();
    assert_eq!(
        figures,
        [
            (d("0.045"), rub("0.05")),
            (d("0.404"), rub("0.40")),
            (d("0.416"), rub("0.42"))
        ]
    );
}

/// A reward booked on 30 March is paid out on 2 April: the balance carries over.
#[test]
fn r_2_a_payout_due_next_month_carries_the_balance_over() {
    let mut book = Book::new();
    book.partner("p1", msk(2024, 1, 10, 10, 0))
        .client("c1", msk(2024, 2, 1, 10, 0), Some("p1"))
        .pays("pay-1", msk(2024, 3, 30, 12, 0), "c1", rub("5000"));
    let outcome = run(&book);
    let march = outcome.statement(&p("p1"), month(2024, 3)).unwrap();
    let april = outcome.statement(&p("p1"), month(2024, 4)).unwrap();
    assert_eq!(march.closing, rub("2000.00"));
    assert_eq!(march.payouts_due[0].due, msk(2024, 4, 2, 12, 0));
    assert_eq!(april.opening, rub("2000.00"));
    assert_eq!(april.lines[0].kind, LineKind::Payout);
    assert_eq!(april.closing, rub("0.00"));
    // The last event is in March: March's statement is still provisional.
    assert!(!march.closed);
}

#[test]
fn r_2_no_minimum_a_one_kopeck_reward_is_paid_out() {
    let mut book = Book::new();
    book.partner("p1", msk(2024, 1, 10, 10, 0))
        .client("c1", msk(2024, 2, 1, 10, 0), Some("p1"))
        .pays("pay-1", msk(2024, 3, 1, 12, 0), "c1", rub("0.03"));
    let outcome = run(&book);
    // 0.03 × 40 % = 0.012 → 0.01, paid out 4 March.
    assert_eq!(outcome.lines[0].amount, rub("0.01"));
    assert_eq!(outcome.lines[1].amount, rub("-0.01"));
    assert_eq!(outcome.lines[1].booked_at, msk(2024, 3, 4, 12, 0));
}

/// Worked example 2: registered in January without a promo code, paid 5,000 in January and
/// February, attributed on 5 March: two 2,000 adjustment lines in March, due 8 March, and
/// January's and February's statements unchanged.
#[test]
fn r_3_example_2_attribution_restored_books_catch_up_in_the_month_of_the_correction() {
    let mut before = Book::new();
    before
        .partner("p1", msk(2023, 12, 1, 10, 0))
        .client("own", msk(2023, 12, 2, 10, 0), Some("p1"))
        .client("c1", msk(2024, 1, 9, 10, 0), None)
        .pays("own-jan", msk(2024, 1, 12, 10, 0), "own", rub("1000"))
        .pays("own-feb", msk(2024, 2, 12, 10, 0), "own", rub("1000"))
        .pays("c1-jan", msk(2024, 1, 15, 10, 0), "c1", rub("5000"))
        .pays("c1-feb", msk(2024, 2, 15, 10, 0), "c1", rub("5000"));
    let mut after = Book {
        events: before.events.clone(),
    };
    after.attribute("fix-c1", msk(2024, 3, 5, 10, 0), "c1", "p1");

    let without = run(&before);
    let with = run(&after);

    let march = with.statement(&p("p1"), month(2024, 3)).unwrap();
    let adjustments: Vec<_> = march
        .lines
        .iter()
        .filter(|l| l.kind == LineKind::Adjustment)
        .collect();
    assert_eq!(adjustments.len(), 2);
    for (line, payment) in adjustments.iter().zip(["c1-jan", "c1-feb"]) {
        assert_eq!(line.clause.as_str(), "R-1");
        assert_eq!(line.amount, rub("2000.00"));
        assert_eq!(line.source_event.as_str(), "fix-c1");
        assert_eq!(line.payment.as_ref().map(|e| e.as_str()), Some(payment));
        assert_eq!(line.booked_at, msk(2024, 3, 5, 10, 0));
        assert_eq!(line.due, Some(msk(2024, 3, 8, 10, 0)));
    }
    assert_eq!(
        march
            .payouts_due
            .iter()
            .map(|due| due.due)
            .collect::<Vec<_>>(),
        [msk(2024, 3, 8, 10, 0); 2]
    );
    for m in [month(2024, 1), month(2024, 2)] {
        let (new, old) = (
            with.statement(&p("p1"), m).unwrap(),
            without.statement(&p("p1"), m).unwrap(),
        );
        assert_eq!(
            (&new.opening, &new.lines, &new.memo, &new.closing),
            (&old.opening, &old.lines, &old.memo, &old.closing)
        );
        assert_eq!(new.payouts_due, old.payouts_due);
    }
    // The January statement holds only the attributed client's 400.
    let january = with.statement(&p("p1"), month(2024, 1)).unwrap();
    assert_eq!(january.lines[0].amount, rub("400.00"));
}

#[test]
fn r_3_later_payments_earn_directly_and_a_second_correction_is_rejected() {
    let mut book = Book::new();
    book.partner("p1", msk(2024, 1, 1, 10, 0))
        .partner("p2", msk(2024, 1, 1, 10, 0))
        .client("c1", msk(2024, 1, 9, 10, 0), None)
        .pays("c1-jan", msk(2024, 1, 15, 10, 0), "c1", rub("5000"))
        .attribute("fix-c1", msk(2024, 3, 5, 10, 0), "c1", "p1")
        .pays("c1-apr", msk(2024, 4, 15, 10, 0), "c1", rub("5000"))
        .attribute("fix-again", msk(2024, 5, 5, 10, 0), "c1", "p2");
    let err = evaluate(&programs::radist(), &book.ledger()).unwrap_err();
    assert_eq!(err.event().map(|e| e.as_str()), Some("fix-again"));
    assert!(
        matches!(err.kind(), ErrorKind::AlreadyAttributed { partner, .. } if partner.as_str() == "p1")
    );

    book.events.pop();
    let outcome = run(&book);
    let kinds: Vec<_> = outcome
        .lines
        .iter()
        .filter(|l| l.kind != LineKind::Payout)
        .map(|l| (l.kind, l.payment.as_ref().map(|e| e.to_string()), l.amount))
        .collect();
    assert_eq!(
        kinds,
        [
            (
                LineKind::Adjustment,
                Some("c1-jan".to_owned()),
                rub("2000.00")
            ),
            (LineKind::Accrual, Some("c1-apr".to_owned()), rub("2000.00")),
        ]
    );
}

/// Worked example 3: a partially supporting partner's client paid 10,000 in 2020
/// (illustrative base 40 %, half: 2,000) and 10,000 in 2021 (4,000).
#[test]
fn r_4_example_3_each_payment_is_evaluated_under_the_version_in_force() {
    let mut book = Book::new();
    book.partner("p1", msk(2019, 6, 1, 10, 0))
        .status(
            "p1-partial",
            msk(2019, 12, 20, 10, 0),
            "p1",
            programs::radist::REFERRAL_ONLY,
        )
        .client("c1", msk(2019, 6, 2, 10, 0), Some("p1"))
        .pays("pay-2019", msk(2019, 7, 1, 10, 0), "c1", rub("10000"))
        .pays("pay-2020", msk(2020, 6, 1, 10, 0), "c1", rub("10000"))
        .pays("pay-2021", msk(2021, 6, 1, 10, 0), "c1", rub("10000"));
    let outcome = run(&book);
    let accruals: Vec<_> = outcome
        .lines
        .iter()
        .filter(|l| l.kind == LineKind::Accrual)
        .collect();
    let figures: Vec<_> = accruals
        .iter()
        .map(|l| (l.clause.as_str(), l.amount, l.explanation.illustrative))
        .collect();
    assert_eq!(
        figures,
        [
            ("R-4", rub("3000.00"), true),
            ("R-4", rub("2000.00"), true),
            ("R-1", rub("4000.00"), false)
        ]
    );
    assert_eq!(
        accruals[1].explanation.rate_basis.as_deref(),
        Some("status referral-only")
    );
    assert_eq!(
        accruals[1].explanation.version.as_deref(),
        Some("2020: full or half rate by support")
    );
}

#[test]
fn r_4_a_fully_supporting_partner_gets_the_full_2020_rate() {
    let mut book = Book::new();
    book.partner("p1", msk(2020, 1, 5, 10, 0))
        .client("c1", msk(2020, 1, 6, 10, 0), Some("p1"))
        .pays("pay-2020", msk(2020, 2, 1, 10, 0), "c1", rub("10000"));
    let outcome = run(&book);
    assert_eq!(outcome.lines[0].amount, rub("4000.00"));
    assert_eq!(
        outcome.lines[0].explanation.rate_basis.as_deref(),
        Some("default rate")
    );
}

/// The version boundary is midnight Moscow time: 1 January 2021 00:30 MSK is still
/// 31 December 21:30 UTC, and already under R-1.
#[test]
fn r_4_version_boundary_is_reckoned_in_moscow_time() {
    let mut book = Book::new();
    book.partner("p1", msk(2020, 1, 5, 10, 0))
        .status(
            "p1-partial",
            msk(2020, 1, 5, 11, 0),
            "p1",
            programs::radist::REFERRAL_ONLY,
        )
        .client("c1", msk(2020, 1, 6, 10, 0), Some("p1"))
        .pays("last-2020", msk(2020, 12, 31, 23, 30), "c1", rub("10000"))
        .pays("first-2021", msk(2021, 1, 1, 0, 30), "c1", rub("10000"));
    let outcome = run(&book);
    let accruals: Vec<_> = outcome
        .lines
        .iter()
        .filter(|l| l.kind == LineKind::Accrual)
        .collect();
    assert_eq!(
        accruals[1].booked_at.to_rfc3339(),
        "2020-12-31T21:30:00+00:00"
    );
    assert_eq!(
        (accruals[0].amount, accruals[1].amount),
        (rub("2000.00"), rub("4000.00"))
    );
    assert_eq!(accruals[1].month, month(2021, 1));
}

#[test]
fn r_3_r_4_catch_up_uses_the_version_of_the_original_payment() {
    let mut book = Book::new();
    book.partner("p1", msk(2020, 1, 5, 10, 0))
        .status(
            "p1-partial",
            msk(2020, 1, 5, 11, 0),
            "p1",
            programs::radist::REFERRAL_ONLY,
        )
        .client("c1", msk(2020, 1, 6, 10, 0), None)
        .pays("pay-2020", msk(2020, 6, 1, 10, 0), "c1", rub("10000"))
        .attribute("fix", msk(2021, 3, 1, 10, 0), "c1", "p1");
    let outcome = run(&book);
    let line = &outcome.lines[0];
    assert_eq!(
        (line.kind, line.clause.as_str(), line.amount),
        (LineKind::Adjustment, "R-4", rub("2000.00"))
    );
    assert_eq!(line.month, month(2021, 3));
}

#[test]
fn r_5_monthly_leaderboard_ranks_by_rewards_then_new_clients_then_partner_id() {
    let mut book = Book::new();
    book.partner("p-b", msk(2024, 1, 1, 10, 0))
        .partner("p-a", msk(2024, 1, 1, 10, 0))
        .partner("p-c", msk(2024, 1, 1, 10, 0))
        .client("b1", msk(2024, 3, 1, 10, 0), Some("p-b"))
        .client("a1", msk(2024, 3, 1, 11, 0), Some("p-a"))
        .client("c1", msk(2024, 3, 1, 12, 0), Some("p-c"))
        .client("c2", msk(2024, 3, 1, 13, 0), Some("p-c"))
        .pays("b1-pays", msk(2024, 3, 2, 10, 0), "b1", rub("1000"))
        .pays("a1-pays", msk(2024, 3, 2, 11, 0), "a1", rub("1000"))
        .pays("c1-pays", msk(2024, 3, 2, 12, 0), "c1", rub("500"))
        .pays("c2-pays", msk(2024, 3, 2, 13, 0), "c2", rub("500"))
        .pays("a1-april", msk(2024, 4, 2, 13, 0), "a1", rub("100"));
    let outcome = run(&book);
    let march = outcome
        .leaderboards
        .iter()
        .find(|b| b.month == month(2024, 3))
        .unwrap();
    assert_eq!(march.clause.as_str(), "R-5");
    let ranking: Vec<_> = march
        .entries
        .iter()
        .map(|e| (e.rank, e.partner.as_str(), e.credited, e.new_clients))
        .collect();
    // All three credited 400; p-c brought two clients; p-a and p-b tie, p-a first by id.
    assert_eq!(
        ranking,
        [
            (1, "p-c", rub("400.00"), 2),
            (2, "p-a", rub("400.00"), 1),
            (3, "p-b", rub("400.00"), 1)
        ]
    );
    let april = outcome
        .leaderboards
        .iter()
        .find(|b| b.month == month(2024, 4))
        .unwrap();
    assert_eq!(april.entries.len(), 1);
    assert_eq!(april.entries[0].credited, rub("40.00"));
}

#[test]
fn r_6_partners_chat_opens_with_the_first_attributed_client() {
    let mut book = Book::new();
    book.partner("p1", msk(2024, 1, 1, 10, 0))
        .partner("p2", msk(2024, 1, 1, 10, 0))
        .client("c0", msk(2024, 1, 5, 10, 0), None)
        .client("c1", msk(2024, 2, 1, 10, 0), Some("p1"))
        .client("c2", msk(2024, 2, 3, 10, 0), Some("p1"))
        .attribute("fix-c0", msk(2024, 4, 1, 10, 0), "c0", "p2");
    let outcome = run(&book);
    let perks: Vec<_> = outcome
        .entitlements
        .iter()
        .map(|e| {
            (
                e.partner.as_str(),
                e.perk.as_str(),
                e.clause.as_str(),
                e.from,
                e.source_event.as_str(),
            )
        })
        .collect();
    assert_eq!(
        perks,
        [
            (
                "p1",
                "partners-chat",
                "R-6",
                msk(2024, 2, 1, 10, 0),
                "c1-registers"
            ),
            (
                "p2",
                "partners-chat",
                "R-6",
                msk(2024, 4, 1, 10, 0),
                "fix-c0"
            ),
        ]
    );
}

/// A client the partner registered from its cabinet is rewarded under R-1 like one with
/// its promo code: it is a new client brought and a connected client. March:
/// p-a's promo-code client and p-b's cabinet client each pay 1,000 RUB (400 credited);
/// p-b's second, a cabinet client too, ranks it first on new clients (2 to 1).
#[test]
fn r_5_r_6_a_client_registered_from_the_partners_cabinet_counts_as_brought() {
    let mut book = Book::new();
    book.partner("p-a", msk(2024, 3, 1, 9, 0))
        .partner("p-b", msk(2024, 3, 1, 9, 0))
        .client("a1", msk(2024, 3, 1, 10, 0), Some("p-a"))
        .cabinet_client("b1", msk(2024, 3, 1, 11, 0), "p-b")
        .cabinet_client("b2", msk(2024, 3, 1, 12, 0), "p-b")
        .pays("a1-pays", msk(2024, 3, 2, 10, 0), "a1", rub("1000"))
        .pays("b1-pays", msk(2024, 3, 2, 11, 0), "b1", rub("1000"));
    let outcome = run(&book);
    let march = &outcome.leaderboards[0];
    let ranking: Vec<_> = march
        .entries
        .iter()
        .map(|e| (e.rank, e.partner.as_str(), e.credited, e.new_clients))
        .collect();
    assert_eq!(
        ranking,
        [(1, "p-b", rub("400.00"), 2), (2, "p-a", rub("400.00"), 1)]
    );
    let chat = outcome
        .entitlements
        .iter()
        .find(|e| e.partner.as_str() == "p-b")
        .unwrap();
    assert_eq!(
        (chat.perk.as_str(), chat.from, chat.source_event.as_str()),
        ("partners-chat", msk(2024, 3, 1, 11, 0), "b1-registers")
    );
}
