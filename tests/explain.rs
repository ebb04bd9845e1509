//! `explain_payment` (issue 20, "why did this payment earn nothing?"): one test per
//! verdict on the seed programs and the data-only ones, each figure worked out by hand
//! from the clause files; and a property: on random ledgers, every accepted payment's
//! explanation names exactly the rules that booked lines for it.

mod support;

use commission_rules::rules::{Beneficiary, Condition, Span, WindowAnchor};
use commission_rules::{
    Currency, EventId, EventKind, Ledger, LegalForm, LineKind, MatchCriterion, Mode, Money,
    Outcome, PaymentExplanation, Rate, RuleExplanation, RuleSet, RuleVerdict, evaluate_with,
    explain_payment, programs,
};
use proptest::prelude::*;
use support::{at, d, eur, jsonl_ledger, program_file, rub};

/// The explanation of one payment; and every payment of the test's ledger is explained
/// as its outcome books it (the property below, on each hand-written ledger too).
fn explained(program: &RuleSet, ledger: &Ledger, payment: &str) -> PaymentExplanation {
    explanations_name_the_rules_that_booked(program, ledger).unwrap();
    explain_payment(program, ledger, &payment.into()).unwrap()
}

fn rule<'e>(explained: &'e PaymentExplanation, id: &str) -> &'e RuleExplanation {
    explained
        .rule(id)
        .unwrap_or_else(|| panic!("no rule {id} in {explained:#?}"))
}

fn ids(rule: &RuleExplanation) -> Vec<String> {
    rule.lines.iter().map(ToString::to_string).collect()
}

fn usd(text: &str) -> Money {
    Money::new(d(text), Currency::USD)
}

/// The outcome's line with this id.
fn line<'o>(outcome: &'o Outcome, id: &str) -> &'o commission_rules::Line {
    outcome
        .lines
        .iter()
        .find(|line| line.id.to_string() == id)
        .unwrap_or_else(|| panic!("no line {id}"))
}

fn radist_ledger(jsonl: &str) -> Ledger {
    jsonl_ledger(&format!(
        r#"{{"id":"p1-joins","at":"2024-01-01T09:00:00Z","type":"partner_registered","partner":"p1","legal_form":"legal_entity","currency":"RUB"}}
{jsonl}"#
    ))
}

// Booked -------------------------------------------------------------------------------

/// R-1, worked example 1: an attributed client pays 5,000 RUB on 10 March 2024 at 15:00
/// Moscow time: R-1 books 40 % = 2,000 RUB, and R-2 its payout 3 days later (a line
/// about the payment too). The other rules in force (R-3 catch-up, R-5 leaderboard, R-6
/// perk) book nothing for a payment. Rules come program-wide first, then the version's.
#[test]
fn r_1_r_2_a_booked_accrual_and_its_payout() {
    let ledger = radist_ledger(
        r#"{"id":"c1-joins","at":"2024-03-02T09:00:00Z","type":"client_registered","client":"c1","referrer":"p1","promo_code":"P1"}
{"id":"c1-pays","at":"2024-03-10T12:00:00Z","type":"payment","client":"c1","payment_kind":"subscription","paid_by":"client","amount":{"amount":"5000.00","currency":"RUB"}}"#,
    );
    let program = programs::radist();
    let explained = explained(&program, &ledger, "c1-pays");
    assert_eq!(
        (explained.at, explained.amount, explained.client.as_str()),
        (at("2024-03-10T12:00:00Z"), rub("5000.00"), "c1")
    );
    assert_eq!(explained.version.as_deref(), Some("since 2021: 40% flat"));
    let order: Vec<&str> = explained.rules.iter().map(|r| r.rule.as_str()).collect();
    assert_eq!(order, ["R-2", "R-3", "R-5", "R-6", "R-1"]);
    let r_1 = rule(&explained, "R-1");
    assert_eq!(
        (r_1.kind.as_str(), &r_1.verdict),
        ("reward", &RuleVerdict::Booked)
    );
    assert_eq!(ids(r_1), ["c1-pays/R-1/0"]);
    let r_2 = rule(&explained, "R-2");
    assert_eq!(
        (r_2.kind.as_str(), &r_2.verdict),
        ("payout", &RuleVerdict::Booked)
    );
    assert_eq!(ids(r_2), ["c1-pays/R-2/0"]);
    for other in ["R-3", "R-5", "R-6"] {
        assert_eq!(rule(&explained, other).verdict, RuleVerdict::OtherKind);
        assert!(rule(&explained, other).lines.is_empty());
    }
    assert!(explained.later.is_empty());
    let outcome = evaluate_with(&program, &ledger, Mode::Strict).unwrap();
    assert_eq!(line(&outcome, "c1-pays/R-1/0").amount, rub("2000.00"));
    let payout = line(&outcome, "c1-pays/R-2/0");
    assert_eq!(payout.amount, rub("-2000.00"));
    assert_eq!(payout.due, Some(at("2024-03-13T12:00:00Z")));
    assert_eq!(
        payout
            .explanation
            .pays
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>(),
        ["c1-pays/R-1/0"]
    );
}

// No beneficiary -------------------------------------------------------------------------

/// R-3, worked example 2: a client registered in January without a promo code pays
/// 5,000 RUB in January and in February: no partner to reward. On 5 March the partner has
/// it attributed: the catch-up books 2,000 RUB per payment at the correction (`fix/R-1/0`
/// for January's, `fix/R-1/1` for February's, positions among the correction's R-1
/// lines), each paid out 3 days later (8 March) under R-2: those are January's later lines.
#[test]
fn r_3_no_referrer_at_the_payment_then_caught_up_later() {
    let ledger = radist_ledger(
        r#"{"id":"c1-joins","at":"2024-01-10T09:00:00Z","type":"client_registered","client":"c1"}
{"id":"jan","at":"2024-01-15T09:00:00Z","type":"payment","client":"c1","payment_kind":"subscription","paid_by":"client","amount":{"amount":"5000.00","currency":"RUB"}}
{"id":"feb","at":"2024-02-15T09:00:00Z","type":"payment","client":"c1","payment_kind":"subscription","paid_by":"client","amount":{"amount":"5000.00","currency":"RUB"}}
{"id":"fix","at":"2024-03-05T09:00:00Z","type":"attribution_corrected","client":"c1","partner":"p1"}"#,
    );
    let program = programs::radist();
    let january = explained(&program, &ledger, "jan");
    let r_1 = rule(&january, "R-1");
    assert_eq!(
        r_1.verdict,
        RuleVerdict::NoBeneficiary {
            beneficiary: Beneficiary::Referrer
        }
    );
    assert!(r_1.lines.is_empty());
    assert_eq!(
        r_1.verdict.to_string(),
        "no beneficiary: the client has no referrer"
    );
    assert_eq!(rule(&january, "R-2").verdict, RuleVerdict::OtherKind);
    let later: Vec<String> = january.later.iter().map(ToString::to_string).collect();
    assert_eq!(later, ["fix/R-1/0", "fix/R-2/0"]);
    let february = explained(&program, &ledger, "feb");
    let later: Vec<String> = february.later.iter().map(ToString::to_string).collect();
    assert_eq!(later, ["fix/R-1/1", "fix/R-2/1"]);
    let outcome = evaluate_with(&program, &ledger, Mode::Strict).unwrap();
    for id in ["fix/R-1/0", "fix/R-1/1"] {
        let adjustment = line(&outcome, id);
        assert_eq!(
            (adjustment.kind, adjustment.amount),
            (LineKind::Adjustment, rub("2000.00"))
        );
        assert_eq!(adjustment.due, Some(at("2024-03-08T09:00:00Z")));
    }
}

/// LS-4, worked example 4: a client the partner never reported pays 10,000 RUB: LS-2
/// rewards the reporting partner, and there is none. LS-3 rewards the partner that paid,
/// and the client paid itself.
#[test]
fn ls_4_a_client_never_reported_and_a_payment_no_partner_made() {
    let ledger = jsonl_ledger(
        r#"{"id":"se-joins","at":"2024-01-10T07:00:00Z","type":"partner_registered","partner":"se","legal_form":"self_employed","currency":"RUB"}
{"id":"beta-joins","at":"2024-01-12T07:00:00Z","type":"client_registered","client":"beta"}
{"id":"beta-2024","at":"2024-02-01T09:00:00Z","type":"payment","client":"beta","payment_kind":"license","product_line":"widget","paid_by":"client","amount":{"amount":"10000.00","currency":"RUB"}}"#,
    );
    let explained = explained(&programs::leadsender(), &ledger, "beta-2024");
    assert_eq!(
        rule(&explained, "LS-2").verdict,
        RuleVerdict::NoBeneficiary {
            beneficiary: Beneficiary::Reporter
        }
    );
    assert_eq!(
        rule(&explained, "LS-3").verdict,
        RuleVerdict::NoBeneficiary {
            beneficiary: Beneficiary::Payer
        }
    );
    assert!(explained.rules.iter().all(|rule| rule.lines.is_empty()));
}

// Not matched ----------------------------------------------------------------------------

/// Smart Soft SS-2: a partner without a status sells a TI licence at a 100,000 RUB list
/// price on 1 February 2024: SS-2.ting and SS-2.depo-ti ask for other product lines,
/// SS-2.renewals for renewals. SS-2.ti applies at the default 0 %: nothing to book. After
/// its contract (1 March, Authorized), the same sale on 10 March earns 25 % of the list
/// price, 25,000 RUB.
#[test]
fn ss_2_other_product_lines_and_kinds_do_not_match_and_a_zero_rate_books_nothing() {
    let sale = |id: &str, at: &str| {
        format!(
            r#"{{"id":"{id}","at":"{at}","type":"payment","client":"shop","payment_kind":"license","product_line":"ti","paid_by":{{"partner":"p"}},"amount":{{"amount":"100000.00","currency":"RUB"}},"list_price":{{"amount":"100000.00","currency":"RUB"}}}}"#
        )
    };
    let ledger = jsonl_ledger(&format!(
        r#"{{"id":"p-joins","at":"2024-01-09T07:00:00Z","type":"partner_registered","partner":"p","legal_form":"legal_entity","currency":"RUB"}}
{{"id":"shop-joins","at":"2024-01-11T07:00:00Z","type":"client_registered","client":"shop","referrer":"p","via_partner_cabinet":true}}
{}
{{"id":"p-contract","at":"2024-03-01T07:00:00Z","type":"contract_signed","partner":"p"}}
{}"#,
        sale("sale-1", "2024-02-01T09:00:00Z"),
        sale("sale-2", "2024-03-10T09:00:00Z")
    ));
    let program = programs::smart_soft();
    let first = explained(&program, &ledger, "sale-1");
    for (other, line) in [("SS-2.ting", "ting"), ("SS-2.depo-ti", "depo-ti")] {
        assert_eq!(
            rule(&first, other).verdict,
            RuleVerdict::NotMatched {
                criterion: MatchCriterion::ProductLine,
                wanted: vec![line.to_owned()],
                found: Some("ti".to_owned()),
            }
        );
    }
    let renewals = &rule(&first, "SS-2.renewals").verdict;
    assert_eq!(
        renewals,
        &RuleVerdict::NotMatched {
            criterion: MatchCriterion::Kind,
            wanted: vec!["renewal".to_owned()],
            found: Some("license".to_owned()),
        }
    );
    assert_eq!(
        renewals.to_string(),
        "not matched: payment kind license, the rule wants renewal"
    );
    let ti = rule(&first, "SS-2.ti");
    assert_eq!(
        ti.verdict,
        RuleVerdict::ZeroAmount {
            rate: Some(Rate::whole_percent(0)),
            rate_basis: "default rate".to_owned(),
        }
    );
    assert!(ti.lines.is_empty());
    let second = explained(&program, &ledger, "sale-2");
    assert_eq!(rule(&second, "SS-2.ti").verdict, RuleVerdict::Booked);
    assert_eq!(ids(rule(&second, "SS-2.ti")), ["sale-2/SS-2.ti/0"]);
    let outcome = evaluate_with(&program, &ledger, Mode::Strict).unwrap();
    let discount = line(&outcome, "sale-2/SS-2.ti/0");
    assert_eq!(
        (discount.kind, discount.amount),
        (LineKind::Discount, rub("25000.00"))
    );
}

/// Wazzup W-5 and W-1 on a client's own subscription payment of 1,000 RUB (its referrer
/// registered it): W-5.client is for WABA balance top-ups; W-1 and W-5.partner reward
/// the partner that paid, and none did.
#[test]
fn w_5_w_1_a_client_subscription_is_no_top_up_and_has_no_paying_partner() {
    let ledger = wazzup_ledger();
    let explained = explained(&programs::wazzup(), &ledger, "c-jun");
    assert_eq!(
        rule(&explained, "W-5.client").verdict,
        RuleVerdict::NotMatched {
            criterion: MatchCriterion::Kind,
            wanted: vec!["balance_top_up".to_owned()],
            found: Some("subscription".to_owned()),
        }
    );
    for payer_rule in ["W-1", "W-5.partner"] {
        assert_eq!(
            rule(&explained, payer_rule).verdict,
            RuleVerdict::NoBeneficiary {
                beneficiary: Beneficiary::Payer
            }
        );
    }
}

/// Message.Help MH-3 on amoCRM client's second month, 60 EUR paid by its partner on
/// 20 March 2024 (no welcome credit: not its first payment): MH-3.crm discounts 35 %
/// (one client paid for), 21 EUR; MH-3.altegio is for Altegio clients; MH-1 rewards the
/// client's own payments.
#[test]
fn mh_3_another_integration_and_another_payer_do_not_match() {
    let ledger = message_help_ledger();
    let program = programs::message_help();
    let explained = explained(&program, &ledger, "second-month");
    assert_eq!(
        rule(&explained, "MH-3.altegio").verdict,
        RuleVerdict::NotMatched {
            criterion: MatchCriterion::Integration,
            wanted: vec!["altegio".to_owned()],
            found: Some("amocrm".to_owned()),
        }
    );
    assert_eq!(
        rule(&explained, "MH-1").verdict,
        RuleVerdict::NotMatched {
            criterion: MatchCriterion::PaidBy,
            wanted: vec!["client".to_owned()],
            found: Some("partner".to_owned()),
        }
    );
    let crm = rule(&explained, "MH-3.crm");
    assert_eq!(
        (&crm.verdict, ids(crm)),
        (
            &RuleVerdict::Booked,
            vec!["second-month/MH-3.crm/0".to_owned()]
        )
    );
    let outcome = evaluate_with(&program, &ledger, Mode::Strict).unwrap();
    assert_eq!(
        line(&outcome, "second-month/MH-3.crm/0").amount,
        eur("21.00")
    );
}

// Full tariff ----------------------------------------------------------------------------

/// MH-4, worked example 4: registered 1 March 2024, the partner's welcome credit covers
/// a new client's first month, 60 EUR on 10 March, at the full tariff: no MH-3 discount
/// (neither rule gives one on a covered payment); MH-4 books the credit used.
#[test]
fn mh_4_a_first_month_covered_by_the_welcome_credit_gets_no_discount() {
    let ledger = message_help_ledger();
    let program = programs::message_help();
    let explained = explained(&program, &ledger, "first-month");
    for discount in ["MH-3.crm", "MH-3.altegio"] {
        let rule = rule(&explained, discount);
        assert_eq!(rule.verdict, RuleVerdict::FullTariff);
        assert!(rule.lines.is_empty());
    }
    let credit = rule(&explained, "MH-4");
    assert_eq!(
        (credit.kind.as_str(), &credit.verdict),
        ("welcome_credit", &RuleVerdict::Booked)
    );
    assert_eq!(ids(credit), ["first-month/MH-4/0"]);
    let outcome = evaluate_with(&program, &ledger, Mode::Strict).unwrap();
    let used = line(&outcome, "first-month/MH-4/0");
    assert_eq!((used.kind, used.amount), (LineKind::CreditUsed, eur("60")));
    // Time alone books what is left when the window closes (30 April, 440 EUR).
    let expired = line(&outcome, "p/2024-04-30T00:00:00Z/MH-4/0");
    assert_eq!(
        (expired.kind, expired.amount),
        (LineKind::CreditExpired, eur("440"))
    );
}

fn message_help_ledger() -> Ledger {
    jsonl_ledger(
        r#"{"id":"p-joins","at":"2024-03-01T00:00:00Z","type":"partner_registered","partner":"p","legal_form":"legal_entity","currency":"EUR"}
{"id":"p-top-up","at":"2024-03-01T01:00:00Z","type":"partner_top_up","partner":"p","amount":{"amount":"1000.00","currency":"EUR"},"method":"card"}
{"id":"first-joins","at":"2024-03-09T00:00:00Z","type":"client_registered","client":"first","referrer":"p","integration":"amocrm","via_partner_cabinet":true}
{"id":"first-month","at":"2024-03-10T12:00:00Z","type":"payment","client":"first","payment_kind":"subscription","paid_by":{"partner":"p"},"amount":{"amount":"60.00","currency":"EUR"}}
{"id":"second-month","at":"2024-03-20T12:00:00Z","type":"payment","client":"first","payment_kind":"subscription","paid_by":{"partner":"p"},"amount":{"amount":"60.00","currency":"EUR"}}
{"id":"end","at":"2024-05-01T00:00:00Z","type":"checkpoint"}"#,
    )
}

// Outside the window ---------------------------------------------------------------------

/// Wazzup W-2: 20 % of a client's subscription payments within 12 months of its
/// registration (15 January 2024, 10:00 Moscow time): `[2024-01-15 07:00 UTC,
/// 2025-01-15 07:00 UTC)`. 1,000 RUB on 10 June 2024 earns 200 RUB, credited on 1 July
/// (00:00 Moscow time); 1,000 RUB on 20 January 2025 is outside the window.
#[test]
fn w_2_a_payment_after_the_12_months_from_registration() {
    let ledger = wazzup_ledger();
    let program = programs::wazzup();
    let late = explained(&program, &ledger, "c-late");
    let w_2 = rule(&late, "W-2");
    assert_eq!(
        w_2.verdict,
        RuleVerdict::OutsideWindow {
            window: commission_rules::rules::Window {
                from: WindowAnchor::ClientRegistered,
                length: Span::Months(12),
            },
            opens: at("2024-01-15T07:00:00Z"),
            closes: at("2025-01-15T07:00:00Z"),
        }
    );
    assert_eq!(
        w_2.verdict.to_string(),
        "outside the window (12 months from the client's registration): \
         [2024-01-15T07:00:00Z, 2025-01-15T07:00:00Z)"
    );
    assert!(w_2.lines.is_empty());
    let june = explained(&program, &ledger, "c-jun");
    assert_eq!(ids(rule(&june, "W-2")), ["c-jun/W-2/0"]);
    let outcome = evaluate_with(&program, &ledger, Mode::Strict).unwrap();
    let accrual = line(&outcome, "c-jun/W-2/0");
    assert_eq!(accrual.amount, rub("200.00"));
    assert_eq!(accrual.booked_at, at("2024-06-30T21:00:00Z"));
}

fn wazzup_ledger() -> Ledger {
    jsonl_ledger(
        r#"{"id":"studio-joins","at":"2024-01-01T06:00:00Z","type":"partner_registered","partner":"studio","legal_form":"legal_entity","currency":"RUB"}
{"id":"c-joins","at":"2024-01-15T07:00:00Z","type":"client_registered","client":"c","referrer":"studio"}
{"id":"c-jun","at":"2024-06-10T09:00:00Z","type":"payment","client":"c","payment_kind":"subscription","paid_by":"client","amount":{"amount":"1000.00","currency":"RUB"}}
{"id":"c-late","at":"2025-01-20T09:00:00Z","type":"payment","client":"c","payment_kind":"subscription","paid_by":"client","amount":{"amount":"1000.00","currency":"RUB"}}"#,
    )
}

/// SR-3: 12 months from the client's first payment (31 January 2025, 23:30 New York
/// time, 1 February 04:30 UTC) in New York time: `[2025-02-01 04:30 UTC,
/// 2026-02-01 04:30 UTC)`, 23:30 EST both ends. A payment half an hour before the end is
/// in, one half an hour after is out. SR-4: the 5.00 USD add-on is under the 10.00 USD
/// minimum.
#[test]
fn sr_3_sr_4_outside_the_12_months_from_the_first_payment_and_under_the_minimum() {
    let ledger = jsonl_ledger(
        r#"{"id":"amy-joins","at":"2025-01-06T15:00:00Z","type":"partner_registered","partner":"amy","legal_form":"legal_entity","currency":"USD"}
{"id":"c1-joins","at":"2025-01-20T16:00:00Z","type":"client_registered","client":"c1","referrer":"amy"}
{"id":"c1-p1","at":"2025-02-01T04:30:00Z","type":"payment","client":"c1","payment_kind":"subscription","paid_by":"client","amount":{"amount":"49.99","currency":"USD"}}
{"id":"c1-addon5","at":"2025-02-10T15:00:00Z","type":"payment","client":"c1","payment_kind":"subscription","paid_by":"client","amount":{"amount":"5.00","currency":"USD"}}
{"id":"c1-last-in","at":"2026-02-01T04:00:00Z","type":"payment","client":"c1","payment_kind":"subscription","paid_by":"client","amount":{"amount":"49.99","currency":"USD"}}
{"id":"c1-first-out","at":"2026-02-01T05:00:00Z","type":"payment","client":"c1","payment_kind":"subscription","paid_by":"client","amount":{"amount":"49.99","currency":"USD"}}"#,
    );
    let program = program_file("saas-recurring");
    let out = explained(&program, &ledger, "c1-first-out");
    assert_eq!(
        rule(&out, "sr-1-recurring").verdict,
        RuleVerdict::OutsideWindow {
            window: commission_rules::rules::Window {
                from: WindowAnchor::ClientFirstPayment,
                length: Span::Months(12),
            },
            opens: at("2025-02-01T04:30:00Z"),
            closes: at("2026-02-01T04:30:00Z"),
        }
    );
    let last_in = explained(&program, &ledger, "c1-last-in");
    assert_eq!(
        rule(&last_in, "sr-1-recurring").verdict,
        RuleVerdict::Booked
    );
    let add_on = explained(&program, &ledger, "c1-addon5");
    let verdict = &rule(&add_on, "sr-1-recurring").verdict;
    assert_eq!(
        verdict,
        &RuleVerdict::ConditionNotMet {
            index: 0,
            condition: Condition::AmountAtLeast(usd("10.00")),
            found: Some("5.00 USD".to_owned()),
        }
    );
    assert_eq!(
        verdict.to_string(),
        "condition 0 not met (amount at least 10.00 USD): found 5.00 USD"
    );
}

// Conditions -----------------------------------------------------------------------------

fn usage_coupon() -> (RuleSet, Ledger) {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/usage-coupon-sample.jsonl"
    ))
    .unwrap();
    (program_file("usage-coupon"), jsonl_ledger(&text))
}

/// UC-1 and UC-2 split clients by country: k2 (US) pays 480.00 USD on 29 March 2025,
/// 441.60 EUR at 0.9200: UC-1 (outside North America) fails its first condition on
/// `US`; UC-2 books 30 %, 132.48 EUR. UC-4 needs the client's code to be its partner's:
/// k2 came by link, without a code.
#[test]
fn uc_1_uc_2_uc_4_a_us_client_is_left_to_uc_2_and_has_no_code() {
    let (program, ledger) = usage_coupon();
    let explained = explained(&program, &ledger, "k2-p1");
    let uc_1 = &rule(&explained, "uc-1-standard-staggered").verdict;
    let RuleVerdict::ConditionNotMet {
        index,
        condition: Condition::AttributeNotIn(test),
        found,
    } = uc_1
    else {
        panic!("{uc_1:?}");
    };
    assert_eq!(
        (*index, test.key.as_str(), found.as_deref()),
        (0, "country", Some("US"))
    );
    assert_eq!(
        uc_1.to_string(),
        "condition 0 not met (client country not in [US, CA]): found US"
    );
    let uc_2 = rule(&explained, "uc-2-north-america-staggered");
    assert_eq!(uc_2.verdict, RuleVerdict::Booked);
    assert_eq!(
        rule(&explained, "uc-4-own-code-bonus").verdict,
        RuleVerdict::ConditionNotMet {
            index: 0,
            condition: Condition::PromoCodeOfBeneficiary,
            found: None,
        }
    );
    let outcome = evaluate_with(&program, &ledger, Mode::Strict).unwrap();
    assert_eq!(
        line(&outcome, &uc_2.lines[0].to_string()).amount,
        eur("132.48")
    );
}

/// UC-3: k1's 12.45 EUR payment on 1 April 2025 carries the coupon `WINBACK50`: every
/// rule's third condition fails on it (UC-2 fails first on k1's country, DE); the
/// enterprise plan on 1 May fails the second.
#[test]
fn uc_3_the_winback_coupon_and_the_enterprise_plan_earn_nothing() {
    let (program, ledger) = usage_coupon();
    let coupon = explained(&program, &ledger, "k1-p3");
    for uc in ["uc-1-standard-staggered", "uc-4-own-code-bonus"] {
        let RuleVerdict::ConditionNotMet { index, found, .. } = &rule(&coupon, uc).verdict else {
            panic!("{uc}: {:?}", rule(&coupon, uc).verdict);
        };
        assert_eq!((*index, found.as_deref()), (2, Some("WINBACK50")), "{uc}");
    }
    let RuleVerdict::ConditionNotMet { index, found, .. } =
        &rule(&coupon, "uc-2-north-america-staggered").verdict
    else {
        panic!();
    };
    assert_eq!((*index, found.as_deref()), (0, Some("DE")));
    assert!(coupon.rules.iter().all(|rule| rule.lines.is_empty()));
    let enterprise = explained(&program, &ledger, "k1-p4");
    let RuleVerdict::ConditionNotMet { index, found, .. } =
        &rule(&enterprise, "uc-1-standard-staggered").verdict
    else {
        panic!();
    };
    assert_eq!((*index, found.as_deref()), (1, Some("enterprise")));
}

/// TT-3: the parent override needs an agency as the upline; and a sub-partner never
/// recruited has no parent: no upline 1 level above the referrer.
#[test]
fn tt_3_no_upline_for_a_partner_never_recruited() {
    let ledger = jsonl_ledger(
        r#"{"id":"solo-joins","at":"2025-01-06T09:00:00Z","type":"partner_registered","partner":"solo","legal_form":"legal_entity","currency":"EUR"}
{"id":"k-joins","at":"2025-01-10T09:00:00Z","type":"client_registered","client":"k","referrer":"solo"}
{"id":"k-pays","at":"2025-02-01T09:00:00Z","type":"payment","client":"k","payment_kind":"subscription","paid_by":"client","amount":{"amount":"100.00","currency":"EUR"}}"#,
    );
    let explained = explained(&program_file("two-tier-agency"), &ledger, "k-pays");
    assert_eq!(
        rule(&explained, "tt-3-parent-override").verdict,
        RuleVerdict::NoBeneficiary {
            beneficiary: Beneficiary::Upline(1)
        }
    );
    assert_eq!(
        rule(&explained, "tt-3-parent-override").verdict.to_string(),
        "no beneficiary: the client has no upline 1 levels above its referrer"
    );
    assert_eq!(
        rule(&explained, "tt-1-referrer").verdict,
        RuleVerdict::Booked
    );
}

// Caps -----------------------------------------------------------------------------------

/// SAAS-1: 25 % of a referred client's payments, at most 6 payments and 500 EUR per
/// client. c pays 1,500 EUR (375.00), then 1,000 (250.00 would pass the cap: cut to the
/// 125.00 left), then 1,000 (the cap is reached: 2 payments, 500.00 EUR). d pays 100 EUR
/// seven times: 25.00 each for six, the seventh is past the 6 payments (150.00 EUR).
#[test]
fn saas_1_a_line_cut_to_the_cap_then_the_cap_reached() {
    let mut jsonl = String::from(
        r#"{"id":"aff-joins","at":"2026-01-05T09:00:00Z","type":"partner_registered","partner":"aff","legal_form":"legal_entity","currency":"EUR"}
{"id":"c-joins","at":"2026-01-06T09:00:00Z","type":"client_registered","client":"c","referrer":"aff"}
{"id":"d-joins","at":"2026-01-06T10:00:00Z","type":"client_registered","client":"d","referrer":"aff"}
"#,
    );
    let pays = |id: &str, client: &str, at: &str, amount: &str| {
        format!(
            r#"{{"id":"{id}","at":"{at}","type":"payment","client":"{client}","payment_kind":"subscription","paid_by":"client","amount":{{"amount":"{amount}","currency":"EUR"}}}}"#
        ) + "\n"
    };
    jsonl += &pays("c-1", "c", "2026-01-10T09:00:00Z", "1500.00");
    jsonl += &pays("c-2", "c", "2026-01-11T09:00:00Z", "1000.00");
    jsonl += &pays("c-3", "c", "2026-01-12T09:00:00Z", "1000.00");
    for n in 1..=7 {
        jsonl += &pays(
            &format!("d-{n}"),
            "d",
            &format!("2026-01-2{n}T09:00:00Z"),
            "100.00",
        );
    }
    let ledger = jsonl_ledger(&jsonl);
    let program = program_file("example-saas");
    let cut = explained(&program, &ledger, "c-2");
    let recurring = rule(&cut, "recurring");
    assert_eq!(
        recurring.verdict,
        RuleVerdict::CutToCap {
            cap: eur("500"),
            uncut: eur("250.00"),
        }
    );
    assert_eq!(ids(recurring), ["c-2/recurring/0"]);
    let reached = explained(&program, &ledger, "c-3");
    let verdict = &rule(&reached, "recurring").verdict;
    assert_eq!(
        verdict,
        &RuleVerdict::CapReached {
            max_payments: Some(6),
            max_total: Some(eur("500")),
            payments_rewarded: 2,
            total_rewarded: eur("500.00"),
        }
    );
    assert_eq!(
        verdict.to_string(),
        "cap reached: 2 payments rewarded, 500.00 EUR in all (cap: 6 payments, 500 EUR)"
    );
    let seventh = explained(&program, &ledger, "d-7");
    assert_eq!(
        rule(&seventh, "recurring").verdict,
        RuleVerdict::CapReached {
            max_payments: Some(6),
            max_total: Some(eur("500")),
            payments_rewarded: 6,
            total_rewarded: eur("150.00"),
        }
    );
    let outcome = evaluate_with(&program, &ledger, Mode::Strict).unwrap();
    assert_eq!(line(&outcome, "c-1/recurring/0").amount, eur("375.00"));
    assert_eq!(line(&outcome, "c-2/recurring/0").amount, eur("125.00"));
}

// Not payable ----------------------------------------------------------------------------

/// LS-2, worked example 3: an individual (not self-employed) with a contract; its
/// reported client pays 10,000 RUB: a 4,000 RUB line marked not payable, for its legal
/// form. A self-employed partner without a contract: not payable either.
#[test]
fn ls_2_not_payable_for_the_legal_form_or_without_a_contract() {
    let ledger = jsonl_ledger(
        r#"{"id":"ivan-joins","at":"2024-01-10T07:00:00Z","type":"partner_registered","partner":"ivan","legal_form":"individual","currency":"RUB"}
{"id":"se-joins","at":"2024-01-10T08:00:00Z","type":"partner_registered","partner":"se","legal_form":"self_employed","currency":"RUB"}
{"id":"ivan-contract","at":"2024-01-11T07:00:00Z","type":"contract_signed","partner":"ivan"}
{"id":"acme-joins","at":"2024-01-12T07:00:00Z","type":"client_registered","client":"acme"}
{"id":"beta-joins","at":"2024-01-12T07:30:00Z","type":"client_registered","client":"beta"}
{"id":"acme-reported","at":"2024-01-12T08:00:00Z","type":"client_attached","client":"acme","partner":"ivan","basis":"before_install","refused":false}
{"id":"beta-reported","at":"2024-01-12T08:30:00Z","type":"client_attached","client":"beta","partner":"se","basis":"before_install","refused":false}
{"id":"acme-2024","at":"2024-02-01T09:00:00Z","type":"payment","client":"acme","payment_kind":"license","product_line":"widget","paid_by":"client","amount":{"amount":"10000.00","currency":"RUB"}}
{"id":"beta-2024","at":"2024-02-01T10:00:00Z","type":"payment","client":"beta","payment_kind":"license","product_line":"widget","paid_by":"client","amount":{"amount":"10000.00","currency":"RUB"}}"#,
    );
    let program = programs::leadsender();
    let payable_forms = vec![
        LegalForm::LegalEntity,
        LegalForm::SoleProprietor,
        LegalForm::SelfEmployed,
    ];
    let individual = explained(&program, &ledger, "acme-2024");
    let ls_2 = rule(&individual, "LS-2");
    assert_eq!(
        ls_2.verdict,
        RuleVerdict::NotPayable {
            legal_form: Some(LegalForm::Individual),
            payable_forms: payable_forms.clone(),
            contract_required: true,
            contract_signed: true,
        }
    );
    assert_eq!(
        ls_2.verdict.to_string(),
        "not payable: legal form individual, the rule pays legal_entity or sole_proprietor or self_employed"
    );
    assert_eq!(ids(ls_2), ["acme-2024/LS-2/0"]);
    let no_contract = explained(&program, &ledger, "beta-2024");
    let ls_2 = rule(&no_contract, "LS-2");
    assert_eq!(
        ls_2.verdict,
        RuleVerdict::NotPayable {
            legal_form: Some(LegalForm::SelfEmployed),
            payable_forms,
            contract_required: true,
            contract_signed: false,
        }
    );
    assert_eq!(
        ls_2.verdict.to_string(),
        "not payable: no signed contract at booking"
    );
    let outcome = evaluate_with(&program, &ledger, Mode::Strict).unwrap();
    for id in ["acme-2024/LS-2/0", "beta-2024/LS-2/0"] {
        let memo = line(&outcome, id);
        assert_eq!(
            (memo.kind, memo.amount),
            (LineKind::NotPayable, rub("4000.00"))
        );
    }
}

// Every payment of the sample ledgers ------------------------------------------------------

/// Every payment of the ledgers in `tests/data/` is explained, each rule's lines as the
/// outcome books them.
#[test]
fn every_payment_of_the_sample_ledgers_is_explained() {
    let read = |name: &str| {
        let path = format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"));
        let file = std::fs::File::open(path).unwrap();
        match name.ends_with(".csv") {
            true => commission_rules::ledger::read_csv(file)
                .collect::<Result<Vec<_>, _>>()
                .unwrap()
                .into_iter()
                .collect::<Ledger>(),
            false => commission_rules::ledger::read_jsonl(std::io::BufReader::new(file))
                .collect::<Result<Vec<_>, _>>()
                .unwrap()
                .into_iter()
                .collect(),
        }
    };
    let cases = [
        (programs::wazzup(), "wazzup-sample.jsonl", 5),
        (programs::wazzup(), "wazzup-sample.csv", 5),
        (programs::radist(), "radist-odd-ids.jsonl", 3),
        (program_file("example-saas"), "example-saas-sample.jsonl", 2),
        (program_file("usage-coupon"), "usage-coupon-sample.jsonl", 8),
    ];
    for (program, file, payments) in cases {
        let ledger = read(file);
        let count = ledger
            .events()
            .iter()
            .filter(|event| matches!(event.kind, EventKind::Payment(_)))
            .count();
        assert_eq!(count, payments, "{file}");
        explanations_name_the_rules_that_booked(&program, &ledger).unwrap();
    }
}

// Errors ---------------------------------------------------------------------------------

/// An id that is no payment of the ledger, and a payment the program rejects.
#[test]
fn an_unknown_payment_and_a_rejected_one_are_errors() {
    let ledger = radist_ledger(
        r#"{"id":"ghost-pays","at":"2024-03-10T12:00:00Z","type":"payment","client":"ghost","payment_kind":"subscription","paid_by":"client","amount":{"amount":"5000.00","currency":"RUB"}}"#,
    );
    let program = programs::radist();
    let error = explain_payment(&program, &ledger, &"nothing".into()).unwrap_err();
    assert_eq!(error.to_string(), "payment nothing is not in the ledger");
    let error = explain_payment(&program, &ledger, &"p1-joins".into()).unwrap_err();
    assert_eq!(error.to_string(), "payment p1-joins is not in the ledger");
    let error = explain_payment(&program, &ledger, &"ghost-pays".into()).unwrap_err();
    assert_eq!(error.event().map(|id| id.as_str()), Some("ghost-pays"));
    assert!(matches!(
        error.kind(),
        commission_rules::ErrorKind::UnknownClient { .. }
    ));
}

/// The property: for every accepted payment, each rule in force says it booked (its
/// verdict books, with the ids of its lines) exactly when the outcome has lines of that
/// rule about the payment from the payment's own event; no such line is left out; the
/// lines later events booked for the payment are listed as later.
fn explanations_name_the_rules_that_booked(
    program: &RuleSet,
    ledger: &Ledger,
) -> Result<(), TestCaseError> {
    let outcome: Outcome = evaluate_with(program, ledger, Mode::Lenient).unwrap();
    let rejected: Vec<&EventId> = outcome.rejections.iter().map(|r| &r.event).collect();
    for event in ledger.events() {
        let EventKind::Payment(_) = &event.kind else {
            continue;
        };
        if rejected.contains(&&event.id) {
            continue;
        }
        let explained = explain_payment(program, ledger, &event.id).unwrap();
        let about = |line: &&commission_rules::Line| line.payment.as_ref() == Some(&event.id);
        let own: Vec<_> = outcome
            .lines
            .iter()
            .filter(about)
            .filter(|line| line.source_event == event.id)
            .collect();
        for rule in &explained.rules {
            let booked: Vec<_> = own
                .iter()
                .filter(|line| line.rule == rule.rule)
                .map(|line| line.id.clone())
                .collect();
            prop_assert_eq!(&rule.lines, &booked, "{} under {}", event.id, rule.rule);
            prop_assert_eq!(
                rule.verdict.books(),
                !booked.is_empty(),
                "{} under {}: {:?}",
                event.id,
                rule.rule,
                rule.verdict
            );
        }
        for line in &own {
            prop_assert!(
                explained.rule(line.rule.as_str()).is_some(),
                "{} booked by {}, not explained",
                line.id,
                line.rule
            );
        }
        let later: Vec<_> = outcome
            .lines
            .iter()
            .filter(about)
            .filter(|line| line.source_event != event.id)
            .map(|line| line.id.clone())
            .collect();
        prop_assert_eq!(&explained.later, &later, "{}", event.id);
    }
    Ok(())
}

/// Cases per program: explaining re-evaluates the ledger once per payment.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|cases| cases.parse().ok())
        .unwrap_or(24)
}

macro_rules! explained_payments {
    ($($name:ident: $program:expr;)*) => {
        proptest! {
            #![proptest_config(ProptestConfig::with_cases(cases()))]
            $(
                #[test]
                fn $name(ledger in support::generate::ledger()) {
                    explanations_name_the_rules_that_booked(&$program, &ledger)?;
                }
            )*
        }
    };
}

explained_payments! {
    radist_explanations_name_the_rules_that_booked: programs::radist();
    leadsender_explanations_name_the_rules_that_booked: programs::leadsender();
    wazzup_explanations_name_the_rules_that_booked: programs::wazzup();
    message_help_explanations_name_the_rules_that_booked: programs::message_help();
    smart_soft_explanations_name_the_rules_that_booked: programs::smart_soft();
    example_saas_explanations_name_the_rules_that_booked: program_file("example-saas");
    saas_recurring_explanations_name_the_rules_that_booked: program_file("saas-recurring");
    bounty_and_tiers_explanations_name_the_rules_that_booked: program_file("bounty-and-tiers");
    usage_coupon_explanations_name_the_rules_that_booked: program_file("usage-coupon");
    revenue_tiers_explanations_name_the_rules_that_booked: program_file("revenue-tiers");
    two_tier_agency_explanations_name_the_rules_that_booked: program_file("two-tier-agency");
}
