//! `programs/usage-coupon.json`, a program written only as data, modelled on Dub's reward
//! conditions (customer country, plan metadata, "25 % for the first 12 months, then
//! 10 %"), Rewardful's and Tolt's promotion codes assigned to partners, and impact.com's
//! payout restrictions: outside the US and Canada 25 % of a client's payments in the 12
//! whole months from its first payment, 10 % after (UC-1); in the US and Canada 30 %,
//! then 10 % (UC-2); nothing for the `enterprise` plan or the `WINBACK50` coupon (UC-3); a
//! further 5 % when the client registered with the partner's own promo code (UC-4); lines
//! held 30 days and paid on the 1st if they reach 20.00 EUR (UC-5). Time is Berlin time;
//! USD payments are converted into EUR at the published rate.
//! Every figure is worked out by hand in the comment above its test.

mod support;

use support::{at, rewards};

use commission_rules::{Instant, Ledger, LineKind, Outcome, RuleSet, evaluate};

fn program() -> RuleSet {
    support::program_file("usage-coupon")
}

/// The notes' ledger: anna (who owns the code `ANNA15`) refers k1 (DE, with the code) and
/// k2 (US, by link); ben refers k3 (CA) and k4 (no country). Payments carry `plan` and
/// `coupon` attributes; k2 pays in USD at 0.9200 EUR in 2025 and 0.8750 in 2026.
const LEDGER: &str = r#"{"id":"anna-joins","at":"2024-12-02T09:00:00Z","type":"partner_registered","partner":"anna","legal_form":"legal_entity","currency":"EUR"}
{"id":"ben-joins","at":"2024-12-02T09:30:00Z","type":"partner_registered","partner":"ben","legal_form":"legal_entity","currency":"EUR"}
{"id":"code-anna","at":"2024-12-03T09:00:00Z","type":"promo_code_assigned","partner":"anna","code":"ANNA15"}
{"id":"fx-2025","at":"2025-01-01T00:00:00Z","type":"fx_rate","base":"USD","quote":"EUR","rate":"0.9200"}
{"id":"k1-joins","at":"2025-01-10T10:00:00Z","type":"client_registered","client":"k1","referrer":"anna","promo_code":"ANNA15","attributes":{"country":"DE"}}
{"id":"k2-joins","at":"2025-01-12T10:00:00Z","type":"client_registered","client":"k2","referrer":"anna","attributes":{"country":"US"}}
{"id":"k3-joins","at":"2025-01-15T10:00:00Z","type":"client_registered","client":"k3","referrer":"ben","attributes":{"country":"CA"}}
{"id":"k4-joins","at":"2025-01-16T10:00:00Z","type":"client_registered","client":"k4","referrer":"ben"}
{"id":"k1-p1","at":"2025-01-31T23:30:00Z","type":"payment","client":"k1","payment_kind":"subscription","paid_by":"client","amount":{"amount":"24.90","currency":"EUR"},"attributes":{"plan":"pro"}}
{"id":"k3-p1","at":"2025-02-14T10:00:00Z","type":"payment","client":"k3","payment_kind":"subscription","paid_by":"client","amount":{"amount":"99.00","currency":"EUR"},"attributes":{"plan":"pro"}}
{"id":"k4-p1","at":"2025-02-20T10:00:00Z","type":"payment","client":"k4","payment_kind":"subscription","paid_by":"client","amount":{"amount":"99.00","currency":"EUR"},"attributes":{"plan":"pro"}}
{"id":"k1-p2","at":"2025-02-28T23:30:00Z","type":"payment","client":"k1","payment_kind":"subscription","paid_by":"client","amount":{"amount":"24.90","currency":"EUR"},"attributes":{"plan":"pro"}}
{"id":"k2-p1","at":"2025-03-29T11:00:00Z","type":"payment","client":"k2","payment_kind":"subscription","paid_by":"client","amount":{"amount":"480.00","currency":"USD"},"attributes":{"plan":"team"}}
{"id":"k1-p3","at":"2025-03-31T22:30:00Z","type":"payment","client":"k1","payment_kind":"subscription","paid_by":"client","amount":{"amount":"12.45","currency":"EUR"},"attributes":{"plan":"pro","coupon":"WINBACK50"}}
{"id":"k1-p4","at":"2025-04-30T22:30:00Z","type":"payment","client":"k1","payment_kind":"subscription","paid_by":"client","amount":{"amount":"990.00","currency":"EUR"},"attributes":{"plan":"enterprise"}}
{"id":"fx-2026","at":"2026-01-01T00:00:00Z","type":"fx_rate","base":"USD","quote":"EUR","rate":"0.8750"}
{"id":"k2-p2","at":"2026-03-29T10:30:00Z","type":"payment","client":"k2","payment_kind":"subscription","paid_by":"client","amount":{"amount":"480.00","currency":"USD"},"attributes":{"plan":"team"}}
{"id":"end","at":"2026-05-02T00:00:00Z","type":"checkpoint"}"#;

fn run() -> Outcome {
    let ledger: Ledger = support::jsonl_ledger(LEDGER);
    evaluate(&program(), &ledger).unwrap()
}

/// Each reward line of an event as (partner, kind, clause, amount).
fn booked(outcome: &Outcome, source: &str) -> Vec<(String, LineKind, String, String)> {
    rewards(outcome, source)
        .iter()
        .map(|line| {
            (
                line.partner.to_string(),
                line.kind,
                line.clause.to_string(),
                line.amount.to_string(),
            )
        })
        .collect()
}

/// Accrual lines as (partner, clause, amount) for [`booked`].
fn accruals(lines: &[(&str, &str, &str)]) -> Vec<(String, LineKind, String, String)> {
    lines
        .iter()
        .map(|(partner, clause, amount)| {
            (
                (*partner).to_owned(),
                LineKind::Accrual,
                (*clause).to_owned(),
                (*amount).to_owned(),
            )
        })
        .collect()
}

/// UC-1 and UC-4 for k1 (DE, registered with anna's own code `ANNA15`):
/// - k1-p1, 24.90 EUR, month 0: UC-1 25 % = 6.225 → 6.23 (half away from zero;
///   half-even would give 6.22); UC-4 5 % = 1.245 → 1.25 (half-even: 1.24);
/// - k1-p2, 24.90 on 1 March 00:30 CET, exactly one whole month after k1-p1 (1 February
///   00:30 CET): month 1, still 25 %: 6.23 and 1.25.
#[test]
fn uc_1_uc_4_a_client_outside_north_america_with_the_partners_own_code_earns_25_and_5_percent() {
    let outcome = run();
    let expected = accruals(&[("anna", "UC-1", "6.23 EUR"), ("anna", "UC-4", "1.25 EUR")]);
    assert_eq!(booked(&outcome, "k1-p1"), expected);
    assert_eq!(booked(&outcome, "k1-p2"), expected);
    let standard = rewards(&outcome, "k1-p2")[0];
    assert_eq!(standard.explanation.count, Some(1));
    assert_eq!(
        standard.explanation.rate_basis.as_deref(),
        Some(
            "tier from 0 (1 whole months); client country not in [US, CA]; \
             payment plan not in [enterprise]; payment coupon not in [WINBACK50]"
        )
    );
    assert_eq!(
        rewards(&outcome, "k1-p1")[1]
            .explanation
            .rate_basis
            .as_deref(),
        Some(
            "flat; the partner's own promo code; payment plan not in [enterprise]; \
             payment coupon not in [WINBACK50]"
        )
    );
}

/// UC-4 reads the code's owner at the client's registration: were `ANNA15` assigned to
/// anna only on 20 January, after k1 registered with it (10 January), k1's payments would
/// earn UC-1's 6.23 and no own-code bonus.
#[test]
fn uc_4_a_code_assigned_after_the_client_registered_with_it_earns_no_bonus() {
    let late = LEDGER.replace(
        r#"{"id":"code-anna","at":"2024-12-03T09:00:00Z""#,
        r#"{"id":"code-anna","at":"2025-01-20T09:00:00Z""#,
    );
    assert_ne!(late, LEDGER);
    let ledger: Ledger = support::jsonl_ledger(&late);
    let outcome = evaluate(&program(), &ledger).unwrap();
    let expected = accruals(&[("anna", "UC-1", "6.23 EUR")]);
    assert_eq!(booked(&outcome, "k1-p1"), expected);
    assert_eq!(booked(&outcome, "k1-p2"), expected);
}

/// UC-2 for k3 (CA), ben's by link: 30 % of 99.00 = 29.70; no UC-4 (no code). UC-1 for
/// k4, which has no country: an absent attribute is in no list, so UC-1's `not_in` holds
/// and UC-2's `in` fails: 25 % of 99.00 = 24.75, and nothing else.
#[test]
fn uc_2_a_canadian_client_earns_30_percent_and_a_client_without_a_country_the_standard_25() {
    let outcome = run();
    assert_eq!(
        booked(&outcome, "k3-p1"),
        accruals(&[("ben", "UC-2", "29.70 EUR")])
    );
    assert_eq!(
        booked(&outcome, "k4-p1"),
        accruals(&[("ben", "UC-1", "24.75 EUR")])
    );
}

/// k2 (US, by link) pays 480.00 USD on 29 March 2025 12:00 CET: 480.00 × 0.9200 =
/// 441.60 EUR, month 0, UC-2 30 % = 132.48 EUR; no UC-4 (no code). The line keeps the
/// converted base.
#[test]
fn uc_2_a_usd_payment_is_converted_at_the_published_rate_before_the_rate_applies() {
    let outcome = run();
    assert_eq!(
        booked(&outcome, "k2-p1"),
        accruals(&[("anna", "UC-2", "132.48 EUR")])
    );
    let line = rewards(&outcome, "k2-p1")[0];
    let base = line.explanation.base.unwrap();
    assert_eq!(
        (base.amount, base.currency.to_string()),
        ("441.60".parse().unwrap(), "EUR".to_owned())
    );
}

/// Month 12 of k2 starts on 29 March 2026 at 12:00 Berlin time, the same clock time as
/// its first payment (12:00 CET); the clocks went forward that morning, so it is 12:00
/// CEST = 10:00 UTC. k2-p2 at 10:30 UTC is in month 12: UC-2's 10 % of 480.00 × 0.8750 =
/// 420.00 EUR = 42.00. (A fixed +01:00 zone would still count 11 months: 30 % = 126.00.)
#[test]
fn uc_2_month_12_since_the_first_payment_starts_at_the_same_berlin_clock_time_across_dst() {
    let outcome = run();
    assert_eq!(
        booked(&outcome, "k2-p2"),
        accruals(&[("anna", "UC-2", "42.00 EUR")])
    );
    let line = rewards(&outcome, "k2-p2")[0];
    assert_eq!(line.explanation.count, Some(12));
    assert_eq!(
        line.explanation.rate_basis.as_deref(),
        Some(
            "tier from 12 (12 whole months); client country in [US, CA]; \
             payment plan not in [enterprise]; payment coupon not in [WINBACK50]"
        )
    );
}

/// UC-3: k1-p3 used the win-back coupon `WINBACK50` and k1-p4 is for the `enterprise`
/// plan: neither earns anything, under UC-1 or under UC-4 (k1 still used anna's code).
#[test]
fn uc_3_the_winback_coupon_and_the_enterprise_plan_earn_nothing_under_any_clause() {
    let outcome = run();
    for id in ["k1-p3", "k1-p4"] {
        assert!(
            outcome
                .lines
                .iter()
                .all(|line| line.source_event.as_str() != id),
            "{id}"
        );
    }
}

/// Months are Berlin months: k1-p1 (31 January 23:30 UTC) is 1 February 00:30 CET, so
/// February's, and its months-since anchor is that instant.
#[test]
fn uc_1_a_payment_after_midnight_in_berlin_belongs_to_the_next_month() {
    let outcome = run();
    let line = rewards(&outcome, "k1-p1")[0];
    assert_eq!(line.month.to_string(), "2025-02");
    assert_eq!(line.explanation.count, Some(0));
}

/// UC-5, lines held 30 Berlin days, runs on the 1st at 00:00 Berlin time, at least
/// 20.00 EUR:
/// - anna: k1-p1's 6.23 + 1.25 = 7.48 ready 3 March 00:30 CET; k1-p2's 7.48 ready
///   31 March 00:30 CEST (30 March 22:30 UTC). The 1 April run (00:00 CEST = 31 March
///   22:00 UTC) finds 14.96, below 20.00: carried. k2-p1's 132.48 is ready 28 April
///   12:00 CEST; the 1 May run (30 April 22:00 UTC) pays 14.96 + 132.48 = 147.44. k2-p2's
///   42.00 (ready 28 April 2026 12:30 CEST) is paid on 1 May 2026, 30 April 22:00 UTC.
/// - ben: k3-p1's 29.70 (ready 16 March) and k4-p1's 24.75 (ready 22 March) are paid on
///   1 April, 31 March 22:00 UTC: 54.45.
#[test]
fn uc_5_lines_held_30_days_are_paid_on_the_1st_at_berlin_midnight_with_a_20_eur_minimum() {
    let outcome = run();
    let payouts = |partner: &str| -> Vec<(Instant, String)> {
        outcome
            .lines
            .iter()
            .filter(|line| line.kind == LineKind::Payout && line.partner.as_str() == partner)
            .map(|line| (line.booked_at, line.amount.to_string()))
            .collect()
    };
    assert_eq!(
        payouts("anna"),
        [
            (at("2025-04-30T22:00:00Z"), "-147.44 EUR".to_owned()),
            (at("2026-04-30T22:00:00Z"), "-42.00 EUR".to_owned()),
        ]
    );
    assert_eq!(
        payouts("ben"),
        [(at("2025-03-31T22:00:00Z"), "-54.45 EUR".to_owned())]
    );
    let due = |id: &str| rewards(&outcome, id)[0].due;
    assert_eq!(due("k1-p1"), Some(at("2025-03-02T23:30:00Z")));
    assert_eq!(due("k1-p2"), Some(at("2025-03-30T22:30:00Z")));
    assert_eq!(due("k2-p1"), Some(at("2025-04-28T10:00:00Z")));
    assert_eq!(due("k2-p2"), Some(at("2026-04-28T10:30:00Z")));
    assert_eq!(due("k3-p1"), Some(at("2025-03-16T10:00:00Z")));
    assert_eq!(due("k4-p1"), Some(at("2025-03-22T10:00:00Z")));
    let april = outcome
        .statement(
            &"anna".into(),
            commission_rules::Month::new(2025, 4).unwrap(),
        )
        .unwrap();
    assert_eq!(april.closing.to_string(), "147.44 EUR");
}
