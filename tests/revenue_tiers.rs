//! `programs/revenue-tiers.json`, a program written only as data, modelled on impact.com's
//! performance bonus ("if revenue reaches $400 … 8 %", all actions at the higher rate,
//! computed monthly and paid 20 days after the month), FirstPromoter's levels by revenue
//! and Tolt's refunds: on its referred clients' payments a partner earns 10 % while its
//! revenue in the New York month is under 1,000.00 USD, 15 % from 1,000.00, 20 % from
//! 2,500.00, the payment that reaches a tier included (RT-1); reaching a tier re-rates the
//! month's earlier payments (RT-2); `nonprofit` payments earn nothing and do not count
//! (RT-3); a refund within 30 days claws back in proportion and never lowers a tier
//! (RT-4); a month's lines are paid on the 20th of the next month if they reach 50.00 USD
//! (RT-5). Every figure is worked out by hand in the comment above its test.

mod support;

use support::{at, rewards};

use commission_rules::{Ledger, LineKind, Month, Outcome, RuleSet, evaluate};
use rust_decimal::Decimal;

fn program() -> RuleSet {
    support::program_file("revenue-tiers")
}

const RULE: &str = "rt-1-revenue-tiers";

/// The notes' ledger: rex's clients r1…r5 (registered in September through its link) pay
/// in October, the last payment on 31 October 23:30 EDT, half of q3 is refunded a quarter
/// of an hour later, and r4 pays again on 1 November 00:30 EDT.
const LEDGER: &str = r#"{"id":"rex-joins","at":"2025-09-01T14:00:00Z","type":"partner_registered","partner":"rex","legal_form":"legal_entity","currency":"USD"}
{"id":"r1-joins","at":"2025-09-02T14:00:00Z","type":"client_registered","client":"r1","referrer":"rex"}
{"id":"r2-joins","at":"2025-09-03T14:00:00Z","type":"client_registered","client":"r2","referrer":"rex"}
{"id":"r3-joins","at":"2025-09-04T14:00:00Z","type":"client_registered","client":"r3","referrer":"rex"}
{"id":"r4-joins","at":"2025-09-05T14:00:00Z","type":"client_registered","client":"r4","referrer":"rex"}
{"id":"r5-joins","at":"2025-09-06T14:00:00Z","type":"client_registered","client":"r5","referrer":"rex"}
{"id":"q1","at":"2025-10-03T14:00:00Z","type":"payment","client":"r1","payment_kind":"subscription","paid_by":"client","amount":{"amount":"400.00","currency":"USD"},"attributes":{"plan":"pro"}}
{"id":"q2","at":"2025-10-08T14:00:00Z","type":"payment","client":"r2","payment_kind":"subscription","paid_by":"client","amount":{"amount":"300.00","currency":"USD"},"attributes":{"plan":"nonprofit"}}
{"id":"q3","at":"2025-10-10T14:00:00Z","type":"payment","client":"r3","payment_kind":"subscription","paid_by":"client","amount":{"amount":"450.00","currency":"USD"},"attributes":{"plan":"business"}}
{"id":"q4","at":"2025-10-15T14:00:00Z","type":"payment","client":"r4","payment_kind":"subscription","paid_by":"client","amount":{"amount":"149.90","currency":"USD"},"attributes":{"plan":"pro"}}
{"id":"q5","at":"2025-10-20T14:00:00Z","type":"payment","client":"r5","payment_kind":"subscription","paid_by":"client","amount":{"amount":"600.00","currency":"USD"},"attributes":{"plan":"business"}}
{"id":"q7","at":"2025-11-01T03:30:00Z","type":"payment","client":"r1","payment_kind":"subscription","paid_by":"client","amount":{"amount":"900.10","currency":"USD"},"attributes":{"plan":"business"}}
{"id":"q3-refund","at":"2025-11-01T03:45:00Z","type":"refund","payment":"q3","amount":{"amount":"225.00","currency":"USD"}}
{"id":"q8","at":"2025-11-01T04:30:00Z","type":"payment","client":"r4","payment_kind":"subscription","paid_by":"client","amount":{"amount":"149.90","currency":"USD"},"attributes":{"plan":"pro"}}
{"id":"end","at":"2025-12-21T00:00:00Z","type":"checkpoint"}"#;

fn run() -> Outcome {
    let ledger: Ledger = support::jsonl_ledger(LEDGER);
    evaluate(&program(), &ledger).unwrap()
}

/// Each reward line of an event as (kind, the payment it is for, amount).
fn booked(outcome: &Outcome, source: &str) -> Vec<(LineKind, String, String)> {
    rewards(outcome, source)
        .iter()
        .inspect(|line| assert_eq!((line.rule.as_str(), line.clause.as_str()), (RULE, "RT-1")))
        .map(|line| {
            let payment = line.payment.as_ref().unwrap().to_string();
            (line.kind, payment, line.amount.to_string())
        })
        .collect()
}

/// Expected lines: (kind, payment, amount in USD).
fn lines(expected: &[(LineKind, &str, &str)]) -> Vec<(LineKind, String, String)> {
    expected
        .iter()
        .map(|(kind, payment, amount)| (*kind, (*payment).to_owned(), format!("{amount} USD")))
        .collect()
}

use LineKind::{Accrual, Adjustment};

/// RT-1, revenue in October (New York time) after each payment, this one included:
/// - q1 400.00: 400.00, 10 % = 40.00;
/// - q3 450.00: 850.00, 10 % = 45.00;
/// - q4 149.90: 999.90, 10 % = 14.990 → 14.99;
/// - q5 600.00: 1,599.90, from 1,000.00: 15 % = 90.00, q5 itself at the new tier.
#[test]
fn rt_1_each_payment_is_rated_by_the_months_revenue_including_itself() {
    let outcome = run();
    assert_eq!(booked(&outcome, "q1"), lines(&[(Accrual, "q1", "40.00")]));
    assert_eq!(booked(&outcome, "q3"), lines(&[(Accrual, "q3", "45.00")]));
    assert_eq!(booked(&outcome, "q4"), lines(&[(Accrual, "q4", "14.99")]));
    assert_eq!(
        booked(&outcome, "q5")[0],
        lines(&[(Accrual, "q5", "90.00")])[0]
    );
    let q5 = rewards(&outcome, "q5")[0];
    assert_eq!(
        q5.explanation.rate_basis.as_deref(),
        Some(
            "tier from 1000.00 (revenue 1599.90 USD in the month of 2025-10); \
             payment plan not in [nonprofit]"
        )
    );
}

/// RT-3: q2 is for the `nonprofit` plan: no line, and its 300.00 is not October revenue.
/// (Were it counted, revenue after q3 would be 1,150.00 and q3 rated 15 % = 67.50.)
#[test]
fn rt_3_a_nonprofit_payment_earns_nothing_and_does_not_count_towards_revenue() {
    let outcome = run();
    assert!(
        outcome
            .lines
            .iter()
            .all(|line| line.source_event.as_str() != "q2")
    );
    assert_eq!(booked(&outcome, "q3"), lines(&[(Accrual, "q3", "45.00")]));
}

/// RT-2 at q5 (15 %): each earlier October payment gets an adjustment to its reward at the
/// new rate, rounded, less what its lines came to, booked at q5:
/// - q1: 400.00 × 15 % = 60.00 − 40.00 = 20.00;
/// - q3: 450.00 × 15 % = 67.50 − 45.00 = 22.50;
/// - q4: 149.90 × 15 % = 22.485 → 22.49 − 14.99 = 7.50 (half-even: 22.48, 7.49).
#[test]
fn rt_2_reaching_1000_usd_re_rates_the_months_earlier_payments_at_15_percent() {
    let outcome = run();
    assert_eq!(
        booked(&outcome, "q5"),
        lines(&[
            (Accrual, "q5", "90.00"),
            (Adjustment, "q1", "20.00"),
            (Adjustment, "q3", "22.50"),
            (Adjustment, "q4", "7.50"),
        ])
    );
    let q4 = rewards(&outcome, "q5")[3];
    assert_eq!(
        q4.explanation.note.as_deref(),
        Some("re-rated at 15% at revenue 1599.90 USD, retroactive to the month")
    );
    assert_eq!(q4.booked_at, at("2025-10-20T14:00:00Z"));
}

/// q7, 900.10 on 31 October 23:30 EDT (1 November in UTC), brings October's revenue to
/// exactly 2,500.00: the threshold is inclusive, 20 % = 180.020 → 180.02. RT-2 re-rates
/// the month at 20 %, booked at q7 in October:
/// - q1: 80.00 − 60.00 = 20.00; q3: 90.00 − 67.50 = 22.50;
/// - q4: 149.90 × 20 % = 29.98 − 22.49 = 7.49 (the target is rounded before the
///   difference);
/// - q5: 120.00 − 90.00 = 30.00.
#[test]
fn rt_2_reaching_2500_usd_exactly_on_the_last_evening_of_october_re_rates_it_at_20_percent() {
    let outcome = run();
    assert_eq!(
        booked(&outcome, "q7"),
        lines(&[
            (Accrual, "q7", "180.02"),
            (Adjustment, "q1", "20.00"),
            (Adjustment, "q3", "22.50"),
            (Adjustment, "q4", "7.49"),
            (Adjustment, "q5", "30.00"),
        ])
    );
    assert!(
        rewards(&outcome, "q7")
            .iter()
            .all(|line| line.month.to_string() == "2025-10")
    );
    assert_eq!(
        rewards(&outcome, "q7")[4].explanation.note.as_deref(),
        Some("re-rated at 20% at revenue 2500.00 USD, retroactive to the month")
    );
}

/// RT-4: refunding 225.00 of q3's 450.00 on 31 October 23:45 EDT, within 30 days, claws
/// back half of everything q3 earned, its accrual and both adjustments: (45.00 + 22.50 +
/// 22.50) × 225.00 / 450.00 = 45.00, one adjustment line of −45.00. Revenue stays
/// 2,500.00: no other line is booked, nothing falls back to 15 %. The clawback is
/// October's: 23:45 EDT on the 31st.
#[test]
fn rt_4_a_half_refund_claws_back_half_of_the_payments_rewards_and_keeps_the_tier() {
    let outcome = run();
    let refund = rewards(&outcome, "q3-refund");
    assert_eq!(refund.len(), 1);
    let clawback = refund[0];
    assert_eq!(
        (
            clawback.kind,
            clawback.clause.as_str(),
            clawback.payment.as_ref().map(|p| p.as_str()),
            clawback.amount.to_string(),
            clawback.month.to_string()
        ),
        (
            Adjustment,
            "RT-1",
            Some("q3"),
            "-45.00 USD".to_owned(),
            "2025-10".to_owned()
        )
    );
}

/// q8, 1 November 00:30 EDT (04:30 UTC), is November's: revenue starts again at 149.90,
/// 10 % = 14.99, and nothing is re-rated. (With a fixed −05:00 zone it would be 31
/// October 23:30 and earn 20 % = 29.98.)
#[test]
fn rt_1_a_new_new_york_month_starts_again_at_10_percent() {
    let outcome = run();
    assert_eq!(booked(&outcome, "q8"), lines(&[(Accrual, "q8", "14.99")]));
    assert_eq!(rewards(&outcome, "q8")[0].month.to_string(), "2025-11");
}

/// October for rex: accruals 40.00 + 45.00 + 14.99 + 90.00 + 180.02 = 370.01; adjustments
/// at q5 20.00 + 22.50 + 7.50 = 50.00 and at q7 20.00 + 22.50 + 7.49 + 30.00 = 79.99; the
/// clawback −45.00: 455.00 USD. By final rates: q1 80.00 + q3 (90.00 − 45.00) + q4 29.98 +
/// q5 120.00 + q7 180.02 = 455.00.
///
/// RT-5, paid on the 20th of the next month at 00:00 New York time (`days_after: 19`:
/// the engine counts from the next month's 1st), at least 50.00 USD: October's lines, the
/// clawback included (due with the lines it claws back), on 20 November 00:00 EST =
/// 05:00 UTC: 455.00. November's 14.99 is due 20 December 05:00 UTC, below 50.00: carried.
/// Closings: October 455.00; November 455.00 + 14.99 − 455.00 = 14.99. (December books
/// no line, so it has no statement.)
#[test]
fn rt_5_octobers_455_usd_are_paid_on_20_november_and_novembers_14_99_carry_over() {
    let outcome = run();
    let october: Decimal = outcome
        .lines
        .iter()
        .filter(|line| line.kind != LineKind::Payout && line.month.to_string() == "2025-10")
        .map(|line| line.amount.amount)
        .sum();
    assert_eq!(october.to_string(), "455.00");
    let payouts: Vec<_> = outcome
        .lines
        .iter()
        .filter(|line| line.kind == LineKind::Payout)
        .map(|line| {
            (
                line.booked_at,
                line.amount.to_string(),
                line.clause.as_str(),
            )
        })
        .collect();
    assert_eq!(
        payouts,
        [(at("2025-11-20T05:00:00Z"), "-455.00 USD".to_owned(), "RT-5")]
    );
    let clawback = rewards(&outcome, "q3-refund")[0];
    assert_eq!(clawback.due, Some(at("2025-11-20T05:00:00Z")));
    assert_eq!(
        rewards(&outcome, "q8")[0].due,
        Some(at("2025-12-20T05:00:00Z"))
    );
    let closing = |month: u32| {
        let month = Month::new(2025, month).unwrap();
        let statement = outcome.statement(&"rex".into(), month).unwrap();
        statement.closing.to_string()
    };
    assert_eq!([closing(10), closing(11)], ["455.00 USD", "14.99 USD"]);
    // December books no line (its run pays nothing): no statement; 14.99 stays owed.
    let december = Month::new(2025, 12).unwrap();
    assert!(outcome.statement(&"rex".into(), december).is_none());
}
