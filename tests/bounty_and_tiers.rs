//! `programs/bounty-and-tiers.json`, a program written only as data, modelled on the
//! first-sale rewards Dub documents (a flat fee on a customer's first sale, by plan), the
//! fixed commissions of Tolt and FirstPromoter and FirstPromoter's levels by customers: a
//! fixed 50.00 USD bounty when a referred client's first payment is for `pro` or
//! `business`, within the partner's first 6 months in the program (BT-1); 20 % of every
//! payment, 30 % from the partner's 10th paying client, that client's first payment
//! included (BT-2); both on a qualifying first payment (BT-3); each line paid out 7 days
//! after it is booked (BT-4). Time is New York time, across the change of 9 March 2025.
//! Every figure is worked out by hand in the comment above its test.

mod support;

use support::at;

use commission_rules::{Instant, Ledger, Line, LineKind, Outcome, RuleSet, evaluate};
use rust_decimal::Decimal;

fn program() -> RuleSet {
    support::program_file("bounty-and-tiers")
}

const BOUNTY: &str = "bt-1-first-payment-bounty";
const RECURRING: &str = "bt-2-recurring-by-paying-clients";

/// The payments of the notes' ledger, each by the client its id starts with: (event id,
/// instant, plan, amount in USD). `pro` costs 79.00 here, not the notes' 49.00: a 50.00
/// bounty plus 20 % of 49.00 is 59.80, more than the payment, which the engine's
/// settlements do not allow (a payment's partner share must lie within its gross).
const PAYMENTS: [(&str, &str, &str, &str); 14] = [
    ("c01-p1", "2025-02-03T15:00:00Z", "pro", "79.00"),
    ("c02-p1", "2025-02-04T15:00:00Z", "starter", "19.00"),
    ("c03-p1", "2025-02-05T15:00:00Z", "business", "149.90"),
    ("c04-p1", "2025-02-06T15:00:00Z", "pro", "79.00"),
    ("c05-p1", "2025-02-07T15:00:00Z", "pro", "79.00"),
    ("c06-p1", "2025-02-10T15:00:00Z", "pro", "79.00"),
    ("c07-p1", "2025-02-11T15:00:00Z", "pro", "79.00"),
    ("c08-p1", "2025-02-12T15:00:00Z", "pro", "79.00"),
    ("c09-p1", "2025-02-13T15:00:00Z", "pro", "79.00"),
    ("c01-p2", "2025-03-03T15:00:00Z", "pro", "79.00"),
    ("c02-p2", "2025-03-04T15:00:00Z", "pro", "79.00"),
    ("c10-p1", "2025-03-10T14:00:00Z", "business", "149.90"),
    ("c01-p3", "2025-04-03T14:00:00Z", "pro", "79.00"),
    ("c11-p1", "2025-07-06T14:30:00Z", "pro", "79.00"),
];

/// pat registers on 6 January 2025 10:00 EST; c01…c09 register through its referral link
/// on 11…19 January, c10 on 20 February, c11 on 20 June; then [`PAYMENTS`], each with its
/// `plan` as a payment attribute; a checkpoint on 20 July.
fn ledger() -> Ledger {
    let mut jsonl = String::from(
        r#"{"id":"pat-joins","at":"2025-01-06T15:00:00Z","type":"partner_registered","partner":"pat","legal_form":"legal_entity","currency":"USD"}"#,
    );
    let mut registrations: Vec<(String, String)> = (1..=9)
        .map(|n| (format!("c0{n}"), format!("2025-01-{}T15:00:00Z", 10 + n)))
        .collect();
    registrations.push(("c10".into(), "2025-02-20T15:00:00Z".into()));
    registrations.push(("c11".into(), "2025-06-20T14:00:00Z".into()));
    for (client, at) in registrations {
        jsonl.push_str(&format!(
            r#"
{{"id":"{client}-joins","at":"{at}","type":"client_registered","client":"{client}","referrer":"pat"}}"#
        ));
    }
    for (id, at, plan, amount) in PAYMENTS {
        let client = &id[..3];
        jsonl.push_str(&format!(
            r#"
{{"id":"{id}","at":"{at}","type":"payment","client":"{client}","payment_kind":"subscription","paid_by":"client","amount":{{"amount":"{amount}","currency":"USD"}},"attributes":{{"plan":"{plan}"}}}}"#
        ));
    }
    jsonl.push_str(
        r#"
{"id":"end","at":"2025-07-20T00:00:00Z","type":"checkpoint"}"#,
    );
    support::jsonl_ledger(&jsonl)
}

fn run() -> Outcome {
    evaluate(&program(), &ledger()).unwrap()
}

/// The reward line one rule booked from one event, if any.
fn reward<'o>(outcome: &'o Outcome, source: &str, rule: &str) -> Option<&'o Line> {
    let mut found = outcome.lines.iter().filter(|line| {
        line.source_event.as_str() == source
            && line.rule.as_str() == rule
            && matches!(line.kind, LineKind::Accrual | LineKind::Adjustment)
    });
    let line = found.next();
    assert!(found.next().is_none(), "one line of {rule} from {source}");
    line
}

fn amount(outcome: &Outcome, source: &str, rule: &str) -> Option<String> {
    reward(outcome, source, rule).map(|line| line.amount.to_string())
}

/// BT-1, a fixed 50.00 USD on a client's first payment for `pro` or `business`:
/// - c01, c03 (business 149.90: still 50.00, not a share), c04…c09 and c10: 9 bounties,
///   9 × 50.00 = 450.00 USD, accrual lines of rule BT-1;
/// - c02's first payment is `starter`: no bounty (the plan condition excludes it).
#[test]
fn bt_1_a_first_payment_for_pro_or_business_earns_a_fixed_50_usd_bounty_and_starter_none() {
    let outcome = run();
    let with_bounty = [
        "c01-p1", "c03-p1", "c04-p1", "c05-p1", "c06-p1", "c07-p1", "c08-p1", "c09-p1", "c10-p1",
    ];
    for id in with_bounty {
        let line = reward(&outcome, id, BOUNTY).unwrap();
        assert_eq!(
            (line.kind, line.clause.as_str(), line.amount.to_string()),
            (LineKind::Accrual, "BT-1", "50.00 USD".to_owned()),
            "{id}"
        );
        assert_eq!(line.explanation.rate, None);
    }
    assert_eq!(
        reward(&outcome, "c03-p1", BOUNTY)
            .unwrap()
            .explanation
            .rate_basis
            .as_deref(),
        Some("fixed 50.00 USD; payment plan in [pro, business]; the client's first payment")
    );
    assert_eq!(amount(&outcome, "c02-p1", BOUNTY), None);
    let bounties: Decimal = outcome
        .lines
        .iter()
        .filter(|line| line.rule.as_str() == BOUNTY)
        .map(|line| line.amount.amount)
        .sum();
    assert_eq!(bounties.to_string(), "450.00");
}

/// BT-1 pays on the client's first payment only: c02's upgrade to `pro` on 4 March is its
/// 2nd payment, so no bounty (a client whose first payment did not qualify never brings
/// one); c01's renewal and c01-p3 neither. They earn BT-2's 20 % of 79.00 = 15.80 or
/// 30 % = 23.70.
#[test]
fn bt_1_a_later_pro_payment_brings_no_bounty_when_the_first_payment_was_starter() {
    let outcome = run();
    assert_eq!(amount(&outcome, "c02-p2", BOUNTY), None);
    assert_eq!(amount(&outcome, "c01-p2", BOUNTY), None);
    assert_eq!(amount(&outcome, "c01-p3", BOUNTY), None);
    assert_eq!(
        amount(&outcome, "c02-p2", RECURRING).as_deref(),
        Some("15.80 USD")
    );
    assert_eq!(
        amount(&outcome, "c01-p3", RECURRING).as_deref(),
        Some("23.70 USD")
    );
}

/// BT-1's window runs 6 months from pat's registration, 6 January 10:00 EST, to 6 July
/// 10:00 New York time, which is EDT: 14:00 UTC (a fixed −05:00 zone would say 15:00).
/// c11's first payment at 14:30 UTC (10:30 EDT) is after it: no bounty; BT-2 has no
/// window: 11 paying clients, 30 % of 79.00 = 23.70.
#[test]
fn bt_1_a_first_payment_after_the_partners_6_month_window_earns_no_bounty_across_dst() {
    let outcome = run();
    assert_eq!(amount(&outcome, "c11-p1", BOUNTY), None);
    let recurring = reward(&outcome, "c11-p1", RECURRING).unwrap();
    assert_eq!(
        (recurring.amount.to_string(), recurring.explanation.count),
        ("23.70 USD".to_owned(), Some(11))
    );
}

/// BT-2 by the `paying` count, which includes the client being paid for:
/// - c01-p1…c09-p1 make clients 1…9 paying: 20 %; `pro` 79.00 → 15.80, c02's `starter`
///   19.00 → 3.80 (c02 counts: the plan condition is BT-1's only), c03's 149.90 → 29.98;
/// - c01-p2 and c02-p2 add no paying client: 9, 20 % → 15.80 each;
/// - c10-p1 makes c10 the 10th paying client and is rated with it counted: 30 % of 149.90
///   = 44.97 (not 20 % = 29.98, as when the client was counted after its payment); not
///   retroactive: the earlier payments keep 20 %.
/// - c01-p3 and c11-p1: 30 % of 79.00 → 23.70.
///
/// BT-2 in all: 15.80 + 3.80 + 29.98 + 6 × 15.80 + 15.80 + 15.80 + 44.97 + 23.70 + 23.70 =
/// 268.35 USD; with the bounties, 718.35 USD.
#[test]
fn bt_2_the_payment_that_makes_the_10th_paying_client_is_rated_at_30_percent() {
    let outcome = run();
    let expected = [
        ("c01-p1", "15.80", 1),
        ("c02-p1", "3.80", 2),
        ("c03-p1", "29.98", 3),
        ("c04-p1", "15.80", 4),
        ("c05-p1", "15.80", 5),
        ("c06-p1", "15.80", 6),
        ("c07-p1", "15.80", 7),
        ("c08-p1", "15.80", 8),
        ("c09-p1", "15.80", 9),
        ("c01-p2", "15.80", 9),
        ("c02-p2", "15.80", 9),
        ("c10-p1", "44.97", 10),
        ("c01-p3", "23.70", 10),
        ("c11-p1", "23.70", 11),
    ];
    for (id, figure, count) in expected {
        let line = reward(&outcome, id, RECURRING).unwrap();
        assert_eq!(
            (
                line.clause.as_str(),
                line.amount.to_string(),
                line.explanation.count
            ),
            ("BT-2", format!("{figure} USD"), Some(count)),
            "{id}"
        );
    }
    let tenth = reward(&outcome, "c10-p1", RECURRING).unwrap();
    assert_eq!(
        tenth.explanation.rate_basis.as_deref(),
        Some("tier from 10 clients (count 10)")
    );
    let sum = |rule: Option<&str>| -> Decimal {
        outcome
            .lines
            .iter()
            .filter(|line| line.kind == LineKind::Accrual)
            .filter(|line| rule.is_none_or(|rule| line.rule.as_str() == rule))
            .map(|line| line.amount.amount)
            .sum()
    };
    assert_eq!(sum(Some(RECURRING)).to_string(), "268.35");
    assert_eq!(sum(None).to_string(), "718.35");
    assert!(
        outcome
            .lines
            .iter()
            .all(|line| line.kind != LineKind::Adjustment)
    );
}

/// BT-3: a qualifying first payment earns both, the bounty first (the rules' order):
/// c01-p1 books 50.00 and 15.80; c10-p1 50.00 and 44.97.
#[test]
fn bt_3_a_qualifying_first_payment_earns_the_bounty_and_the_share() {
    let outcome = run();
    let of = |id: &str| -> Vec<(String, String)> {
        outcome
            .lines
            .iter()
            .filter(|line| line.source_event.as_str() == id && line.kind == LineKind::Accrual)
            .map(|line| (line.clause.to_string(), line.amount.to_string()))
            .collect()
    };
    let pair = |bounty: &str, share: &str| {
        vec![
            ("BT-1".to_owned(), bounty.to_owned()),
            ("BT-2".to_owned(), share.to_owned()),
        ]
    };
    assert_eq!(of("c01-p1"), pair("50.00 USD", "15.80 USD"));
    assert_eq!(of("c10-p1"), pair("50.00 USD", "44.97 USD"));
}

/// BT-4, each line paid out 7 local days after it is booked, at the same New York time:
/// - c01-p1's 50.00 and 15.80: 10 February 10:00 EST = 15:00 UTC;
/// - c01-p2's 15.80 (3 March 10:00 EST): 10 March 10:00 EDT = 14:00 UTC, 6 days 23 hours
///   later (the clocks went forward on 9 March); c02-p2's: 11 March 14:00 UTC;
/// - c10-p1's 50.00 and 44.97: 17 March 14:00 UTC; c11-p1's 23.70: 13 July 14:30 UTC.
///
/// Every line is paid: 23 payouts, 718.35 USD in all.
#[test]
fn bt_4_each_line_is_paid_7_new_york_days_after_it_is_booked_across_the_march_change() {
    let outcome = run();
    let paid = |id: &str| -> Vec<(Instant, String)> {
        outcome
            .lines
            .iter()
            .filter(|line| line.source_event.as_str() == id && line.kind == LineKind::Payout)
            .map(|line| (line.booked_at, line.amount.to_string()))
            .collect()
    };
    let at_ = |text: &str, amounts: &[&str]| -> Vec<(Instant, String)> {
        amounts
            .iter()
            .map(|amount| (at(text), (*amount).to_owned()))
            .collect()
    };
    assert_eq!(
        paid("c01-p1"),
        at_("2025-02-10T15:00:00Z", &["-50.00 USD", "-15.80 USD"])
    );
    assert_eq!(paid("c01-p2"), at_("2025-03-10T14:00:00Z", &["-15.80 USD"]));
    assert_eq!(paid("c02-p2"), at_("2025-03-11T14:00:00Z", &["-15.80 USD"]));
    assert_eq!(
        paid("c10-p1"),
        at_("2025-03-17T14:00:00Z", &["-50.00 USD", "-44.97 USD"])
    );
    assert_eq!(paid("c11-p1"), at_("2025-07-13T14:30:00Z", &["-23.70 USD"]));
    let payouts: Vec<_> = outcome
        .lines
        .iter()
        .filter(|line| line.kind == LineKind::Payout)
        .collect();
    assert_eq!(payouts.len(), 23);
    assert!(payouts.iter().all(|line| line.clause.as_str() == "BT-4"));
    let total: Decimal = payouts.iter().map(|line| line.amount.amount).sum();
    assert_eq!(total.to_string(), "-718.35");
    assert_eq!(
        reward(&outcome, "c01-p2", RECURRING).unwrap().due,
        Some(at("2025-03-10T14:00:00Z"))
    );
}
