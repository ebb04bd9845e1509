//! `programs/saas-recurring.json`, a program written only as data, modelled on the
//! recurring commissions Rewardful, FirstPromoter and Tolt document: the referring partner
//! earns 50 % of a client's first 3 payments and 20 % from the 4th (SR-1, SR-2), on
//! payments made within 12 months of the client's first payment (SR-3), none under
//! 10.00 USD (SR-4); a calendar month's commissions are paid on the 15th of the next month
//! if they reach 25.00 USD, otherwise carried over (SR-5, Tolt's NET-15). Months, windows
//! and payout days are reckoned in New York time, across both daylight-saving changes.
//! Every figure is worked out by hand in the comment above its test.

mod support;

use support::{at, rewards};

use commission_rules::{Instant, Ledger, LineKind, Month, Outcome, RuleSet, evaluate};

fn program() -> RuleSet {
    support::program_file("saas-recurring")
}

fn run(jsonl: &str) -> Outcome {
    let ledger: Ledger = support::jsonl_ledger(jsonl);
    evaluate(&program(), &ledger).unwrap()
}

/// Each reward line of an event as (kind, rule, amount).
fn booked(outcome: &Outcome, source: &str) -> Vec<(LineKind, String, String)> {
    rewards(outcome, source)
        .iter()
        .map(|line| (line.kind, line.rule.to_string(), line.amount.to_string()))
        .collect()
}

fn accrual(amount: &str) -> Vec<(LineKind, String, String)> {
    vec![(
        LineKind::Accrual,
        "sr-1-recurring".to_owned(),
        amount.to_owned(),
    )]
}

/// A partner's payout lines: when they are booked (and due), the amount out of the account.
fn payouts(outcome: &Outcome, partner: &str) -> Vec<(Instant, String)> {
    outcome
        .lines
        .iter()
        .filter(|line| line.kind == LineKind::Payout && line.partner.as_str() == partner)
        .inspect(|line| assert_eq!(line.due, Some(line.booked_at)))
        .map(|line| (line.booked_at, line.amount.to_string()))
        .collect()
}

fn closing(outcome: &Outcome, partner: &str, year: i32, month: u32) -> String {
    let month = Month::new(year, month).unwrap();
    let statement = outcome.statement(&partner.into(), month).unwrap();
    statement.closing.to_string()
}

/// Ledger A of the notes: amy's client c1 pays monthly from 31 January (New York time),
/// with a 5.00 and a 10.00 add-on and an annual upgrade on 31 October 23:30 EDT.
const LEDGER_A: &str = r#"{"id":"amy-joins","at":"2025-01-06T15:00:00Z","type":"partner_registered","partner":"amy","legal_form":"legal_entity","currency":"USD"}
{"id":"c1-joins","at":"2025-01-20T16:00:00Z","type":"client_registered","client":"c1","referrer":"amy"}
{"id":"c1-p1","at":"2025-02-01T04:30:00Z","type":"payment","client":"c1","payment_kind":"subscription","paid_by":"client","amount":{"amount":"49.99","currency":"USD"}}
{"id":"c1-addon5","at":"2025-02-10T15:00:00Z","type":"payment","client":"c1","payment_kind":"subscription","paid_by":"client","amount":{"amount":"5.00","currency":"USD"}}
{"id":"c1-p3","at":"2025-02-28T15:00:00Z","type":"payment","client":"c1","payment_kind":"subscription","paid_by":"client","amount":{"amount":"49.99","currency":"USD"}}
{"id":"c1-p4","at":"2025-03-31T14:00:00Z","type":"payment","client":"c1","payment_kind":"subscription","paid_by":"client","amount":{"amount":"49.99","currency":"USD"}}
{"id":"c1-p5","at":"2025-04-30T14:00:00Z","type":"payment","client":"c1","payment_kind":"subscription","paid_by":"client","amount":{"amount":"49.99","currency":"USD"}}
{"id":"c1-addon10","at":"2025-05-20T14:00:00Z","type":"payment","client":"c1","payment_kind":"subscription","paid_by":"client","amount":{"amount":"10.00","currency":"USD"}}
{"id":"c1-p7","at":"2025-05-31T14:00:00Z","type":"payment","client":"c1","payment_kind":"subscription","paid_by":"client","amount":{"amount":"49.99","currency":"USD"}}
{"id":"c1-annual","at":"2025-11-01T03:30:00Z","type":"payment","client":"c1","payment_kind":"subscription","paid_by":"client","amount":{"amount":"199.00","currency":"USD"}}
{"id":"end","at":"2025-11-16T00:00:00Z","type":"checkpoint"}"#;

/// c1's payments, numbered among all of c1's payments (SR-2):
/// - no. 1, c1-p1 49.99: 50 % = 24.995 → 25.00 (half away from zero; half-even: 25.00 too);
/// - no. 2, c1-addon5 5.00: under 10.00 (SR-4), nothing;
/// - no. 3, c1-p3 49.99: 50 % → 25.00;
/// - no. 4, c1-p4 49.99: 20 % = 9.998 → 10.00; no. 5, c1-p5: 10.00;
/// - no. 6, c1-addon10 10.00: not under 10.00, 20 % = 2.00; no. 7, c1-p7: 10.00;
/// - no. 8, c1-annual 199.00: 20 % = 39.80.
///
/// Total 25.00 + 25.00 + 10.00 + 10.00 + 2.00 + 10.00 + 39.80 = 121.80 USD.
#[test]
fn sr_1_sr_2_the_first_three_payments_earn_50_percent_then_20_percent() {
    let outcome = run(LEDGER_A);
    let figures: Vec<_> = [
        "c1-p1",
        "c1-p3",
        "c1-p4",
        "c1-p5",
        "c1-addon10",
        "c1-p7",
        "c1-annual",
    ]
    .iter()
    .map(|id| booked(&outcome, id))
    .collect();
    assert_eq!(
        figures,
        [
            accrual("25.00 USD"),
            accrual("25.00 USD"),
            accrual("10.00 USD"),
            accrual("10.00 USD"),
            accrual("2.00 USD"),
            accrual("10.00 USD"),
            accrual("39.80 USD"),
        ]
    );
    let first = rewards(&outcome, "c1-p1")[0];
    assert_eq!(
        (first.partner.as_str(), first.clause.as_str()),
        ("amy", "SR-1")
    );
    assert_eq!(
        first.explanation.rate_basis.as_deref(),
        Some("tier from 0 (payment 1 of the client); amount at least 10.00 USD")
    );
    let accrued: rust_decimal::Decimal = outcome
        .lines
        .iter()
        .filter(|line| line.kind == LineKind::Accrual)
        .map(|line| line.amount.amount)
        .sum();
    assert_eq!(accrued.to_string(), "121.80");
}

/// c1-p4 is c1's 4th payment because the 5.00 add-on, which earned nothing, took number 2:
/// 20 % of 49.99 = 9.998 → 10.00 USD. (Were only rewarded payments numbered, it would be
/// the 3rd and earn 25.00.) c1-p3 is the 3rd: 50 %.
#[test]
fn sr_2_a_payment_that_earns_nothing_still_takes_its_payment_number() {
    let outcome = run(LEDGER_A);
    let third = rewards(&outcome, "c1-p3")[0];
    assert_eq!(
        (third.explanation.count, third.amount.to_string()),
        (Some(3), "25.00 USD".to_owned())
    );
    let fourth = rewards(&outcome, "c1-p4")[0];
    assert_eq!(
        (fourth.explanation.count, fourth.amount.to_string()),
        (Some(4), "10.00 USD".to_owned())
    );
    assert_eq!(
        fourth.explanation.rate_basis.as_deref(),
        Some("tier from 4 (payment 4 of the client); amount at least 10.00 USD")
    );
    assert_eq!(rewards(&outcome, "c1-annual")[0].explanation.count, Some(8));
}

/// SR-4: the 5.00 add-on is under 10.00 and books no line at all (no accrual, no payout);
/// the 10.00 add-on is not under 10.00 and earns 20 % = 2.00.
#[test]
fn sr_4_a_payment_under_10_usd_earns_nothing_and_10_usd_exactly_earns() {
    let outcome = run(LEDGER_A);
    assert!(
        outcome
            .lines
            .iter()
            .all(|line| line.source_event.as_str() != "c1-addon5")
    );
    assert_eq!(booked(&outcome, "c1-addon10"), accrual("2.00 USD"));
}

/// Months are New York months: c1-p1 (1 February 04:30 UTC) is 31 January 23:30 EST, so
/// January's; c1-annual (1 November 03:30 UTC) is 31 October 23:30 EDT (the clocks go back
/// on 2 November), so October's.
#[test]
fn sr_1_a_payment_late_on_the_last_evening_of_a_month_is_that_months_in_new_york() {
    let outcome = run(LEDGER_A);
    let month = |id: &str| rewards(&outcome, id)[0].month.to_string();
    assert_eq!(month("c1-p1"), "2025-01");
    assert_eq!(month("c1-p3"), "2025-02");
    assert_eq!(month("c1-annual"), "2025-10");
    assert_eq!(
        rewards(&outcome, "c1-annual")[0].booked_at,
        at("2025-11-01T03:30:00Z")
    );
}

/// SR-5, paid on the 15th of the next month at 00:00 New York time (`days_after: 14`: the
/// engine counts from the next month's 1st), at least 25.00 USD, less carried over:
/// - January's 25.00: 15 February 00:00 EST = 05:00 UTC, exactly the minimum: paid;
/// - February's 25.00: 15 March 00:00 EDT = 04:00 UTC (after the 9 March change);
/// - March's 10.00 (15 April) and April's 10.00 (15 May): 10.00 and 20.00 are below
///   25.00, carried;
/// - May's 2.00 + 10.00: 15 June 04:00 UTC, 20.00 + 12.00 = 32.00 paid;
/// - October's 39.80: 15 November 00:00 EST = 05:00 UTC (after the 2 November change).
///
/// Paid 25.00 + 25.00 + 32.00 + 39.80 = 121.80 = accrued. Each line is due at its month's
/// run: c1-p1's on 15 February, c1-annual's on 15 November.
#[test]
fn sr_5_each_months_lines_are_paid_on_the_15th_at_new_york_midnight_across_both_dst_changes() {
    let outcome = run(LEDGER_A);
    assert_eq!(
        payouts(&outcome, "amy"),
        [
            (at("2025-02-15T05:00:00Z"), "-25.00 USD".to_owned()),
            (at("2025-03-15T04:00:00Z"), "-25.00 USD".to_owned()),
            (at("2025-06-15T04:00:00Z"), "-32.00 USD".to_owned()),
            (at("2025-11-15T05:00:00Z"), "-39.80 USD".to_owned()),
        ]
    );
    let due = |id: &str| rewards(&outcome, id)[0].due;
    assert_eq!(due("c1-p1"), Some(at("2025-02-15T05:00:00Z")));
    assert_eq!(due("c1-p3"), Some(at("2025-03-15T04:00:00Z")));
    assert_eq!(due("c1-p4"), Some(at("2025-04-15T04:00:00Z")));
    assert_eq!(due("c1-p5"), Some(at("2025-05-15T04:00:00Z")));
    assert_eq!(due("c1-p7"), Some(at("2025-06-15T04:00:00Z")));
    assert_eq!(due("c1-annual"), Some(at("2025-11-15T05:00:00Z")));
    let june = outcome
        .lines
        .iter()
        .find(|line| line.kind == LineKind::Payout && line.month.to_string() == "2025-06")
        .unwrap();
    assert_eq!(
        (june.clause.as_str(), june.rule.as_str()),
        ("SR-5", "sr-5-net-15-paid-on-the-15th")
    );
}

/// Statement closings (a payout line sits in the month of its due date): January 25.00;
/// February 25.00 + 25.00 − 25.00 = 25.00; March 25.00 + 10.00 − 25.00 = 10.00; April
/// 20.00; May 32.00; June 32.00 − 32.00 = 0.00; October 39.80; November 0.00.
#[test]
fn sr_5_statements_carry_what_is_below_the_minimum_and_close_at_zero_once_paid() {
    let outcome = run(LEDGER_A);
    let expected = [
        (1, "25.00 USD"),
        (2, "25.00 USD"),
        (3, "10.00 USD"),
        (4, "20.00 USD"),
        (5, "32.00 USD"),
        (6, "0.00 USD"),
        (10, "39.80 USD"),
        (11, "0.00 USD"),
    ];
    for (month, amount) in expected {
        assert_eq!(
            closing(&outcome, "amy", 2025, month),
            amount,
            "month {month}"
        );
    }
}

/// Ledger B of the notes: ben's client c2 pays 199.00 for a year on Saturday 8 March 2025,
/// 12:00 EST, and renews a year later on Sunday 8 March 2026, the day the clocks go
/// forward, at the time given.
fn ledger_b(renewal_at: &str) -> String {
    format!(
        r#"{{"id":"ben-joins","at":"2025-01-06T15:00:00Z","type":"partner_registered","partner":"ben","legal_form":"legal_entity","currency":"USD"}}
{{"id":"c2-joins","at":"2025-03-01T17:00:00Z","type":"client_registered","client":"c2","referrer":"ben","promo_code":"BEN"}}
{{"id":"c2-first","at":"2025-03-08T17:00:00Z","type":"payment","client":"c2","payment_kind":"subscription","paid_by":"client","amount":{{"amount":"199.00","currency":"USD"}}}}
{{"id":"c2-renewal","at":"{renewal_at}","type":"payment","client":"c2","payment_kind":"subscription","paid_by":"client","amount":{{"amount":"199.00","currency":"USD"}}}}"#
    )
}

/// SR-3: the window runs from c2's first payment, 8 March 2025 12:00 EST, to 12:00 New
/// York time on 8 March 2026, which is EDT (the clocks went forward at 02:00 that day):
/// 16:00 UTC. The first payment earns 50 % of 199.00 = 99.50 (paid on 15 April 2025,
/// 00:00 EDT = 04:00 UTC); the renewal at 16:30 UTC, 12:30 EDT, is half an hour after
/// the window and earns nothing. (A fixed −05:00 zone, or 365 days, would end the window
/// at 17:00 UTC and pay 99.50.)
#[test]
fn sr_3_a_renewal_after_the_12_month_window_earns_nothing_across_the_dst_change() {
    let outcome = run(&ledger_b("2026-03-08T16:30:00Z"));
    assert_eq!(booked(&outcome, "c2-first"), accrual("99.50 USD"));
    assert_eq!(
        payouts(&outcome, "ben"),
        [(at("2025-04-15T04:00:00Z"), "-99.50 USD".to_owned())]
    );
    assert!(
        outcome
            .lines
            .iter()
            .all(|line| line.source_event.as_str() != "c2-renewal")
    );
}

/// SR-3, the same renewal a second before the window ends (11:59:59 EDT, 15:59:59 UTC):
/// inside, c2's 2nd payment, 50 % of 199.00 = 99.50.
#[test]
fn sr_3_a_renewal_a_second_before_the_window_ends_earns_50_percent() {
    let outcome = run(&ledger_b("2026-03-08T15:59:59Z"));
    assert_eq!(booked(&outcome, "c2-renewal"), accrual("99.50 USD"));
    assert_eq!(
        rewards(&outcome, "c2-renewal")[0].explanation.count,
        Some(2)
    );
}
