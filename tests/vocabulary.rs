//! Issue 19's general vocabulary, one concept at a time, on small programs written as
//! JSON: conditions on open attributes, amounts and promo codes; rates by the client's
//! payment number, by months since the first payment and by the partner's revenue
//! (retroactive to the month); fixed amounts; windows from the client's first payment;
//! and the `paying` count that includes the client whose first payment is being rated.
//! Every figure is worked out by hand in the comment above its test.

mod support;

use support::rewards;

use commission_rules::ledger::read_csv;
use commission_rules::{Engine, evaluation_order};
use commission_rules::{ErrorKind, Ledger, Mode, Outcome, RuleSet, evaluate};

/// A USD program reckoned in UTC, rounding half away from zero, with these rules.
fn program(rules: &str) -> RuleSet {
    let json = format!(
        r#"{{"program": "vocabulary", "name": "Vocabulary", "time_zone": "+00:00",
            "currency": {{"program_currency": "USD", "booking": "program_currency",
                          "fx_markup_percent": "0"}},
            "rounding": "half_away_from_zero",
            "names": {{"attributes": {{"partner": ["level"], "client": ["country"],
                                       "payment": ["plan"]}}}},
            "versions": [{{"effective_from": null, "label": "terms", "rules": [{rules}]}}]}}"#
    );
    RuleSet::from_json(&json).unwrap()
}

/// A ledger from JSON Lines, one event per line.
fn ledger(jsonl: &str) -> Ledger {
    support::jsonl_ledger(jsonl)
}

/// The amounts of those lines, as text.
fn amounts(outcome: &Outcome, source: &str) -> Vec<String> {
    rewards(outcome, source)
        .iter()
        .map(|line| line.amount.to_string())
        .collect()
}

const PARTNER: &str = r#"{"id":"p1","at":"2024-01-01T09:00:00Z","type":"partner_registered","partner":"p1","legal_form":"legal_entity","currency":"USD"}"#;

/// 30 % on `pro`/`business` payments of clients outside the US; 10 % on every other plan.
/// - c-de (DE) pays 100.00 on `pro`: 30 % = 30.00; the 10 % rule's `not_in` fails.
/// - c-us (US) pays 100.00 on `pro`: the country excludes it from the first rule, the plan
///   from the second: nothing.
/// - c-none (no attributes) pays 49.90 on `starter`: 10 % = 4.99.
/// - c-de pays 80.00 with no plan: an absent plan is in no list: only the 10 % rule,
///   8.00.
#[test]
fn attribute_conditions_select_by_plan_and_country_and_an_absent_attribute_is_in_no_list() {
    let program = program(
        r#"{"id": "pro-plans", "clause": "V-1", "rule": "reward", "payments": {"paid_by": "client"},
            "beneficiary": "referrer", "rate": {"schedule": "flat", "rate_percent": "30"},
            "form": "accrual",
            "conditions": [
              {"attribute_in": {"of": "payment", "key": "plan", "values": ["pro", "business"]}},
              {"attribute_not_in": {"of": "client", "key": "country", "values": ["US"]}}]},
           {"id": "other-plans", "clause": "V-2", "rule": "reward", "payments": {"paid_by": "client"},
            "beneficiary": "referrer", "rate": {"schedule": "flat", "rate_percent": "10"},
            "form": "accrual",
            "conditions": [
              {"attribute_not_in": {"of": "payment", "key": "plan", "values": ["pro", "business"]}}]}"#,
    );
    let ledger = ledger(&format!(
        r#"{PARTNER}
{{"id":"c-de","at":"2024-01-02T09:00:00Z","type":"client_registered","client":"c-de","referrer":"p1","attributes":{{"country":"DE"}}}}
{{"id":"c-us","at":"2024-01-02T10:00:00Z","type":"client_registered","client":"c-us","referrer":"p1","attributes":{{"country":"US"}}}}
{{"id":"c-none","at":"2024-01-02T11:00:00Z","type":"client_registered","client":"c-none","referrer":"p1"}}
{{"id":"pay-de","at":"2024-01-10T09:00:00Z","type":"payment","client":"c-de","payment_kind":"subscription","paid_by":"client","amount":{{"amount":"100.00","currency":"USD"}},"attributes":{{"plan":"pro"}}}}
{{"id":"pay-us","at":"2024-01-10T10:00:00Z","type":"payment","client":"c-us","payment_kind":"subscription","paid_by":"client","amount":{{"amount":"100.00","currency":"USD"}},"attributes":{{"plan":"pro"}}}}
{{"id":"pay-none","at":"2024-01-10T11:00:00Z","type":"payment","client":"c-none","payment_kind":"subscription","paid_by":"client","amount":{{"amount":"49.90","currency":"USD"}},"attributes":{{"plan":"starter"}}}}
{{"id":"pay-de-2","at":"2024-01-11T09:00:00Z","type":"payment","client":"c-de","payment_kind":"subscription","paid_by":"client","amount":{{"amount":"80.00","currency":"USD"}}}}"#
    ));
    let outcome = evaluate(&program, &ledger).unwrap();
    assert_eq!(amounts(&outcome, "pay-de"), ["30.00 USD"]);
    assert_eq!(rewards(&outcome, "pay-de")[0].rule.as_str(), "pro-plans");
    assert_eq!(
        rewards(&outcome, "pay-de")[0]
            .explanation
            .rate_basis
            .as_deref(),
        Some("flat; payment plan in [pro, business]; client country not in [US]")
    );
    assert!(amounts(&outcome, "pay-us").is_empty());
    assert_eq!(amounts(&outcome, "pay-none"), ["4.99 USD"]);
    assert_eq!(amounts(&outcome, "pay-de-2"), ["8.00 USD"]);
    assert_eq!(
        rewards(&outcome, "pay-de-2")[0].rule.as_str(),
        "other-plans"
    );
}

/// A partner attribute: 25 % for partners whose `level` is `gold`, nothing for others.
/// p-gold's client pays 200.00: 50.00; p1's (no level) pays 200.00: nothing.
#[test]
fn a_partner_attribute_selects_the_beneficiary() {
    let program = program(
        r#"{"id": "gold", "clause": "V-3", "rule": "reward", "payments": {"paid_by": "client"},
            "beneficiary": "referrer", "rate": {"schedule": "flat", "rate_percent": "25"},
            "form": "accrual",
            "conditions": [{"attribute_in": {"of": "partner", "key": "level", "values": ["gold"]}}]}"#,
    );
    let ledger = ledger(&format!(
        r#"{PARTNER}
{{"id":"p-gold","at":"2024-01-01T10:00:00Z","type":"partner_registered","partner":"p-gold","legal_form":"legal_entity","currency":"USD","attributes":{{"level":"gold"}}}}
{{"id":"c1","at":"2024-01-02T09:00:00Z","type":"client_registered","client":"c1","referrer":"p1"}}
{{"id":"c2","at":"2024-01-02T09:00:00Z","type":"client_registered","client":"c2","referrer":"p-gold"}}
{{"id":"pay-1","at":"2024-01-10T09:00:00Z","type":"payment","client":"c1","payment_kind":"subscription","paid_by":"client","amount":{{"amount":"200.00","currency":"USD"}}}}
{{"id":"pay-2","at":"2024-01-10T09:00:00Z","type":"payment","client":"c2","payment_kind":"subscription","paid_by":"client","amount":{{"amount":"200.00","currency":"USD"}}}}"#
    ));
    let outcome = evaluate(&program, &ledger).unwrap();
    assert!(amounts(&outcome, "pay-1").is_empty());
    assert_eq!(amounts(&outcome, "pay-2"), ["50.00 USD"]);
    assert_eq!(rewards(&outcome, "pay-2")[0].partner.as_str(), "p-gold");
}

/// 20 % on payments of at least 10.00 USD, 5 % on those below. A EUR payment is compared
/// at the published rate (1.10, no markup): 9.50 EUR is 10.45 USD, at least 10.00, so it
/// earns 20 % of 10.45 = 2.09 USD. 9.00 USD is below: 5 % = 0.45. 10.00 USD exactly is at
/// least 10.00: 2.00.
#[test]
fn amount_conditions_compare_at_the_published_rate_and_the_threshold_itself_is_at_least() {
    let program = program(
        r#"{"id": "regular", "clause": "V-4", "rule": "reward", "payments": {"paid_by": "client"},
            "beneficiary": "referrer", "rate": {"schedule": "flat", "rate_percent": "20"},
            "form": "accrual",
            "conditions": [{"amount_at_least": {"amount": "10.00", "currency": "USD"}}]},
           {"id": "small", "clause": "V-5", "rule": "reward", "payments": {"paid_by": "client"},
            "beneficiary": "referrer", "rate": {"schedule": "flat", "rate_percent": "5"},
            "form": "accrual",
            "conditions": [{"amount_below": {"amount": "10.00", "currency": "USD"}}]}"#,
    );
    let ledger = ledger(&format!(
        r#"{PARTNER}
{{"id":"rate","at":"2024-01-01T00:00:00Z","type":"fx_rate","base":"EUR","quote":"USD","rate":"1.10"}}
{{"id":"c1","at":"2024-01-02T09:00:00Z","type":"client_registered","client":"c1","referrer":"p1"}}
{{"id":"eur","at":"2024-01-10T09:00:00Z","type":"payment","client":"c1","payment_kind":"subscription","paid_by":"client","amount":{{"amount":"9.50","currency":"EUR"}}}}
{{"id":"nine","at":"2024-01-11T09:00:00Z","type":"payment","client":"c1","payment_kind":"subscription","paid_by":"client","amount":{{"amount":"9.00","currency":"USD"}}}}
{{"id":"ten","at":"2024-01-12T09:00:00Z","type":"payment","client":"c1","payment_kind":"subscription","paid_by":"client","amount":{{"amount":"10.00","currency":"USD"}}}}"#
    ));
    let outcome = evaluate(&program, &ledger).unwrap();
    assert_eq!(amounts(&outcome, "eur"), ["2.09 USD"]);
    assert_eq!(amounts(&outcome, "nine"), ["0.45 USD"]);
    assert_eq!(rewards(&outcome, "nine")[0].rule.as_str(), "small");
    assert_eq!(amounts(&outcome, "ten"), ["2.00 USD"]);
}

const FOUR_PAYMENTS: &str = r#"
{"id":"c1","at":"2024-01-02T09:00:00Z","type":"client_registered","client":"c1","referrer":"p1"}
{"id":"pay-1","at":"2024-01-10T09:00:00Z","type":"payment","client":"c1","payment_kind":"subscription","paid_by":"client","amount":{"amount":"100.00","currency":"USD"}}
{"id":"pay-2","at":"2024-02-10T09:00:00Z","type":"payment","client":"c1","payment_kind":"subscription","paid_by":"client","amount":{"amount":"100.00","currency":"USD"}}
{"id":"pay-3","at":"2024-03-10T09:00:00Z","type":"payment","client":"c1","payment_kind":"subscription","paid_by":"client","amount":{"amount":"100.00","currency":"USD"}}
{"id":"pay-4","at":"2024-04-10T09:00:00Z","type":"payment","client":"c1","payment_kind":"subscription","paid_by":"client","amount":{"amount":"100.00","currency":"USD"}}"#;

/// "The first 3 payments at 50 %, then 20 %": tiers by the payment number, from 0 at 50 %
/// and from 4 at 20 %. Four payments of 100.00: 50.00, 50.00, 50.00, 20.00; the line says
/// which payment of the client it was.
#[test]
fn rates_by_the_clients_payment_number_the_first_three_at_50_then_20() {
    let program = program(
        r#"{"id": "first-three", "clause": "V-6", "rule": "reward", "payments": {"paid_by": "client"},
            "beneficiary": "referrer", "form": "accrual",
            "rate": {"schedule": "tiered", "measure": "payment_number",
                     "tiers": [{"from": "0", "rate_percent": "50"}, {"from": "4", "rate_percent": "20"}]}}"#,
    );
    let outcome = evaluate(&program, &ledger(&format!("{PARTNER}{FOUR_PAYMENTS}"))).unwrap();
    let figures: Vec<_> = ["pay-1", "pay-2", "pay-3", "pay-4"]
        .iter()
        .map(|id| amounts(&outcome, id))
        .collect();
    assert_eq!(
        figures,
        [["50.00 USD"], ["50.00 USD"], ["50.00 USD"], ["20.00 USD"]]
    );
    let fourth = rewards(&outcome, "pay-4")[0];
    assert_eq!(fourth.explanation.count, Some(4));
    assert_eq!(
        fourth.explanation.rate_basis.as_deref(),
        Some("tier from 4 (payment 4 of the client)")
    );
}

/// A bounty: a fixed 50.00 EUR on the client's first payment only, converted into USD at
/// 1.10 with the program's 2 % markup: 50 × (1.10 + 0.022) = 56.10 USD. The second
/// payment earns no bounty. The line carries the fixed amount in words, no rate.
#[test]
fn a_fixed_bounty_on_the_first_payment_is_converted_with_the_markup_and_paid_once() {
    let mut program = program(
        r#"{"id": "bounty", "clause": "V-7", "rule": "reward", "payments": {"paid_by": "client"},
            "beneficiary": "referrer", "form": "accrual",
            "rate": {"schedule": "fixed", "amount": {"amount": "50.00", "currency": "EUR"}},
            "conditions": [{"payment_number_at_most": 1}]}"#,
    );
    program.currency.fx_markup_percent = commission_rules::Rate::whole_percent(2);
    let rate = r#"{"id":"rate","at":"2024-01-01T00:00:00Z","type":"fx_rate","base":"EUR","quote":"USD","rate":"1.10"}"#;
    let outcome = evaluate(
        &program,
        &ledger(&format!("{PARTNER}\n{rate}{FOUR_PAYMENTS}")),
    )
    .unwrap();
    assert_eq!(amounts(&outcome, "pay-1"), ["56.10 USD"]);
    let bounty = rewards(&outcome, "pay-1")[0];
    assert_eq!(bounty.explanation.rate, None);
    assert_eq!(
        bounty.explanation.rate_basis.as_deref(),
        Some("fixed 50.00 EUR; the client's first payment")
    );
    assert!(amounts(&outcome, "pay-2").is_empty());
}

/// 25 % in the first 12 whole months from the client's first payment, 10 % after, for 24
/// months from it (a window anchored at the first payment, not the registration):
/// - 15 Jan 2024, the first payment (the client registered on 2 Jan): 0 months, 25 % of
///   100.00 = 25.00;
/// - 14 Jan 2025: 11 whole months, 25.00;
/// - 15 Jan 2025: 12 whole months, 10.00;
/// - 15 Jan 2026 10:00: the window [15 Jan 2024 10:00, 15 Jan 2026 10:00) has closed:
///   nothing.
#[test]
fn months_since_the_first_payment_select_the_rate_and_a_window_runs_from_it() {
    let program = program(
        r#"{"id": "first-year", "clause": "V-8", "rule": "reward", "payments": {"paid_by": "client"},
            "beneficiary": "referrer", "form": "accrual",
            "window": {"from": "client_first_payment", "length": {"months": 24}},
            "rate": {"schedule": "tiered", "measure": {"months_since": "client_first_payment"},
                     "tiers": [{"from": "0", "rate_percent": "25"}, {"from": "12", "rate_percent": "10"}]}}"#,
    );
    let payment = |id: &str, at: &str| {
        format!(
            r#"{{"id":"{id}","at":"{at}","type":"payment","client":"c1","payment_kind":"subscription","paid_by":"client","amount":{{"amount":"100.00","currency":"USD"}}}}"#
        )
    };
    let ledger = ledger(&format!(
        "{PARTNER}\n{}\n{}\n{}\n{}\n{}",
        r#"{"id":"c1","at":"2024-01-02T09:00:00Z","type":"client_registered","client":"c1","referrer":"p1"}"#,
        payment("first", "2024-01-15T10:00:00Z"),
        payment("month-11", "2025-01-14T10:00:00Z"),
        payment("month-12", "2025-01-15T10:00:00Z"),
        payment("closed", "2026-01-15T10:00:00Z"),
    ));
    let outcome = evaluate(&program, &ledger).unwrap();
    assert_eq!(amounts(&outcome, "first"), ["25.00 USD"]);
    assert_eq!(amounts(&outcome, "month-11"), ["25.00 USD"]);
    assert_eq!(amounts(&outcome, "month-12"), ["10.00 USD"]);
    assert_eq!(rewards(&outcome, "month-12")[0].explanation.count, Some(12));
    assert!(amounts(&outcome, "closed").is_empty());
}

/// Tiers by the partner's revenue in the month, retroactive to the month: 10 % below
/// 1,000.00, 15 % from 1,000.00, 20 % from 2,000.00.
/// - 5 Mar, 600.00: revenue 600.00, 10 % = 60.00.
/// - 12 Mar, 500.00: revenue 1,100.00, 15 % = 75.00; the month's 600.00 is re-rated to
///   15 % = 90.00: +30.00.
/// - 20 Mar, 1,000.00: revenue 2,100.00, 20 % = 200.00; re-rated: 600.00 → 120.00 (+30.00
///   over 90.00), 500.00 → 100.00 (+25.00 over 75.00).
/// - March: 60 + 75 + 30 + 200 + 30 + 25 = 420.00 = 20 % of 2,100.00.
/// - 2 Apr, 300.00: a new month, revenue 300.00: 10 % = 30.00, no re-rating.
#[test]
fn revenue_tiers_rate_the_month_and_re_rate_its_earlier_payments_when_a_tier_is_reached() {
    let program = program(
        r#"{"id": "by-revenue", "clause": "V-9", "rule": "reward", "payments": {"paid_by": "client"},
            "beneficiary": "referrer", "form": "accrual",
            "rate": {"schedule": "tiered", "measure": {"revenue": "month"}, "retroactive": "current_month",
                     "tiers": [{"from": "0", "rate_percent": "10"}, {"from": "1000", "rate_percent": "15"},
                               {"from": "2000", "rate_percent": "20"}]}}"#,
    );
    let payment = |id: &str, at: &str, client: &str, amount: &str| {
        format!(
            r#"{{"id":"{id}","at":"{at}","type":"payment","client":"{client}","payment_kind":"subscription","paid_by":"client","amount":{{"amount":"{amount}","currency":"USD"}}}}"#
        )
    };
    let ledger = ledger(&format!(
        "{PARTNER}\n{}\n{}\n{}\n{}\n{}\n{}",
        r#"{"id":"c1","at":"2024-01-02T09:00:00Z","type":"client_registered","client":"c1","referrer":"p1"}"#,
        r#"{"id":"c2","at":"2024-01-02T09:00:00Z","type":"client_registered","client":"c2","referrer":"p1"}"#,
        payment("mar-5", "2024-03-05T09:00:00Z", "c1", "600.00"),
        payment("mar-12", "2024-03-12T09:00:00Z", "c2", "500.00"),
        payment("mar-20", "2024-03-20T09:00:00Z", "c1", "1000.00"),
        payment("apr-2", "2024-04-02T09:00:00Z", "c2", "300.00"),
    ));
    let outcome = evaluate(&program, &ledger).unwrap();
    assert_eq!(amounts(&outcome, "mar-5"), ["60.00 USD"]);
    assert_eq!(amounts(&outcome, "mar-12"), ["75.00 USD", "30.00 USD"]);
    let by_payment: Vec<(String, String)> = rewards(&outcome, "mar-20")
        .iter()
        .map(|line| {
            (
                line.payment.as_ref().unwrap().to_string(),
                line.amount.to_string(),
            )
        })
        .collect();
    let expected = [
        ("mar-20", "200.00 USD"),
        ("mar-12", "25.00 USD"),
        ("mar-5", "30.00 USD"),
    ];
    assert_eq!(
        by_payment,
        expected.map(|(payment, amount)| (payment.to_owned(), amount.to_owned()))
    );
    let readjusted = rewards(&outcome, "mar-20")[2];
    assert_eq!(
        readjusted.explanation.note.as_deref(),
        Some("re-rated at 20% at revenue 2100.00 USD, retroactive to the month")
    );
    let march: rust_decimal::Decimal = outcome
        .lines
        .iter()
        .filter(|line| line.month.to_string() == "2024-03")
        .map(|line| line.amount.amount)
        .sum();
    assert_eq!(march.to_string(), "420.00");
    assert_eq!(amounts(&outcome, "apr-2"), ["30.00 USD"]);
}

/// Tiers by the `paying` count: 20 %, 30 % from the 3rd paying client. The 3rd client's
/// first payment makes it paying, so it is already rated at 30 %: 100.00 → 30.00 (it was
/// 20.00 before the count included the payment's own client).
#[test]
fn the_payment_that_makes_the_third_paying_client_is_rated_at_the_third_clients_tier() {
    let program = program(
        r#"{"id": "paying", "clause": "V-10", "rule": "reward", "payments": {"paid_by": "client"},
            "beneficiary": "referrer", "form": "accrual",
            "rate": {"schedule": "tiered", "measure": {"client_count": "paying"},
                     "tiers": [{"from": "0", "rate_percent": "20"}, {"from": "3", "rate_percent": "30"}]}}"#,
    );
    let mut events = String::from(PARTNER);
    for n in 1..=3 {
        events.push_str(&format!(
            r#"
{{"id":"c{n}","at":"2024-01-0{n}T09:00:00Z","type":"client_registered","client":"c{n}","referrer":"p1"}}
{{"id":"pay-{n}","at":"2024-02-0{n}T09:00:00Z","type":"payment","client":"c{n}","payment_kind":"subscription","paid_by":"client","amount":{{"amount":"100.00","currency":"USD"}}}}"#
        ));
    }
    let outcome = evaluate(&program, &ledger(&events)).unwrap();
    assert_eq!(amounts(&outcome, "pay-1"), ["20.00 USD"]);
    assert_eq!(amounts(&outcome, "pay-2"), ["20.00 USD"]);
    assert_eq!(amounts(&outcome, "pay-3"), ["30.00 USD"]);
    assert_eq!(rewards(&outcome, "pay-3")[0].explanation.count, Some(3));
}

/// An extra 5 % when the client used its referrer's own promo code (assigned by an
/// event): c1 registered with p1's code P1 earns it (5.00 of 100.00); c2, referred by
/// p1's link, and c3, referred by p1 with p2's code P2, do not. Assigning P1 again (to p2)
/// is rejected and changes nothing.
#[test]
fn a_promo_code_condition_pays_only_for_clients_who_used_the_beneficiarys_own_code() {
    let program = program(
        r#"{"id": "own-code", "clause": "V-11", "rule": "reward", "payments": {"paid_by": "client"},
            "beneficiary": "referrer", "form": "accrual",
            "rate": {"schedule": "flat", "rate_percent": "5"},
            "conditions": ["promo_code_of_beneficiary"]}"#,
    );
    let mut events = format!(
        r#"{PARTNER}
{{"id":"p2","at":"2024-01-01T10:00:00Z","type":"partner_registered","partner":"p2","legal_form":"legal_entity","currency":"USD"}}
{{"id":"code-1","at":"2024-01-01T11:00:00Z","type":"promo_code_assigned","partner":"p1","code":"P1"}}
{{"id":"code-2","at":"2024-01-01T11:00:00Z","type":"promo_code_assigned","partner":"p2","code":"P2"}}
{{"id":"code-again","at":"2024-01-01T12:00:00Z","type":"promo_code_assigned","partner":"p2","code":"P1"}}
{{"id":"c1","at":"2024-01-02T09:00:00Z","type":"client_registered","client":"c1","referrer":"p1","promo_code":"P1"}}
{{"id":"c2","at":"2024-01-02T09:00:00Z","type":"client_registered","client":"c2","referrer":"p1"}}
{{"id":"c3","at":"2024-01-02T09:00:00Z","type":"client_registered","client":"c3","referrer":"p1","promo_code":"P2"}}"#
    );
    for n in 1..=3 {
        events.push_str(&format!(
            r#"
{{"id":"pay-{n}","at":"2024-02-0{n}T09:00:00Z","type":"payment","client":"c{n}","payment_kind":"subscription","paid_by":"client","amount":{{"amount":"100.00","currency":"USD"}}}}"#
        ));
    }
    let ledger = ledger(&events);
    let error = evaluate(&program, &ledger).unwrap_err();
    assert_eq!(error.event().map(|id| id.as_str()), Some("code-again"));
    assert!(matches!(error.kind(), ErrorKind::InconsistentEvent { .. }));
    let mut engine = Engine::new(&program, Mode::Lenient).unwrap();
    for event in evaluation_order(&program, &ledger) {
        engine.apply(event).unwrap();
    }
    let outcome = engine.outcome().unwrap();
    assert_eq!(outcome.rejections.len(), 1);
    assert_eq!(amounts(&outcome, "pay-1"), ["5.00 USD"]);
    assert!(amounts(&outcome, "pay-2").is_empty());
    assert!(amounts(&outcome, "pay-3").is_empty());
}

/// Attributes describe what an event registers: on a refund they are refused, naming the
/// event; an attribute column of a CSV ledger is read into the event's attributes.
#[test]
fn attributes_on_an_event_that_registers_nothing_are_refused_and_csv_columns_carry_them() {
    let program = program(
        r#"{"id": "flat", "clause": "V-12", "rule": "reward", "payments": {"paid_by": "client"},
            "beneficiary": "referrer", "form": "accrual", "rate": {"schedule": "flat", "rate_percent": "10"}}"#,
    );
    let ledger = ledger(&format!(
        r#"{PARTNER}
{{"id":"c1","at":"2024-01-02T09:00:00Z","type":"client_registered","client":"c1","referrer":"p1"}}
{{"id":"pay","at":"2024-02-01T09:00:00Z","type":"payment","client":"c1","payment_kind":"subscription","paid_by":"client","amount":{{"amount":"100.00","currency":"USD"}}}}
{{"id":"refund","at":"2024-02-02T09:00:00Z","type":"refund","payment":"pay","amount":{{"amount":"10.00","currency":"USD"}},"attributes":{{"reason":"x"}}}}"#
    ));
    let error = evaluate(&program, &ledger).unwrap_err();
    assert_eq!(error.event().map(|id| id.as_str()), Some("refund"));
    assert!(error.to_string().contains("carry attributes"), "{error}");

    let csv = "id,at,type,client,referrer,attributes.country,attributes.segment\n\
               c1,2024-01-02T09:00:00Z,client_registered,c1,p1,DE,smb\n";
    let events: Vec<_> = read_csv(csv.as_bytes()).collect::<Result<_, _>>().unwrap();
    assert_eq!(events[0].attributes.get("country"), Some("DE"));
    assert_eq!(events[0].attributes.get("segment"), Some("smb"));
    let empty_key =
        "id,at,type,client,attributes.\nc1,2024-01-02T09:00:00Z,client_registered,c1,DE\n";
    let error = read_csv(empty_key.as_bytes()).next().unwrap().unwrap_err();
    assert_eq!(error.line, 1);
}

/// Faults in the new vocabulary name their path.
#[test]
fn the_new_vocabulary_is_validated_with_the_path_of_each_fault() {
    let reward = |extra: &str| {
        format!(
            r#"{{"program": "v", "name": "v", "time_zone": "America/New_York",
                "currency": {{"program_currency": "USD", "booking": "program_currency", "fx_markup_percent": "0"}},
                "rounding": "half_away_from_zero",
                "versions": [{{"effective_from": null, "label": "t", "rules": [
                  {{"id": "r", "clause": "V", "rule": "reward", "payments": {{"paid_by": "partner"}},
                    "beneficiary": "payer", {extra}}}]}}]}}"#
        )
    };
    let cases = [
        (
            r#""form": "accrual", "rate": {"schedule": "flat", "rate_percent": "5"}, "conditions": [{"attribute_in": {"of": "payment", "key": "plan", "values": []}}]"#,
            "versions[0].rules[0].conditions[0].values",
        ),
        (
            r#""form": "accrual", "rate": {"schedule": "flat", "rate_percent": "5"}, "conditions": [{"payment_number_at_most": 0}]"#,
            "versions[0].rules[0].conditions[0].payment_number_at_most",
        ),
        (
            r#""form": "accrual", "rate": {"schedule": "tiered", "measure": "payment_number", "tiers": [{"from": "0", "rate_percent": "5"}, {"from": "2.5", "rate_percent": "6"}]}"#,
            "versions[0].rules[0].rate.tiers[1].from",
        ),
        (
            r#""form": "accrual", "rate": {"schedule": "tiered", "measure": "payment_number", "retroactive": "current_month", "tiers": [{"from": "0", "rate_percent": "5"}]}"#,
            "versions[0].rules[0].rate.retroactive",
        ),
        (
            r#""form": "discount", "rate": {"schedule": "fixed", "amount": {"amount": "5", "currency": "USD"}}"#,
            "versions[0].rules[0].rate",
        ),
        (
            r#""form": "accrual", "rate": {"schedule": "fixed", "amount": {"amount": "5.001", "currency": "USD"}}"#,
            "versions[0].rules[0].rate.amount.amount",
        ),
    ];
    for (extra, path) in cases {
        let error = RuleSet::from_json(&reward(extra)).unwrap_err().to_string();
        assert!(
            error.starts_with(&format!("rule set at {path}: ")),
            "{path}: {error}"
        );
    }
}

/// A refund clawed back half a payment's reward before a revenue tier re-rated the month:
/// the re-rating applies to the half that kept its reward.
/// - 3 Oct, 400.00: revenue 400.00, 10 % = 40.00.
/// - 5 Oct, 200.00 of it refunded within the hold: −20.00 (half of 40.00).
/// - 10 Oct, 700.00: revenue 1,100.00 (refunds do not lower it), 15 % = 105.00; the 3 Oct
///   payment is re-rated on its kept half: 15 % × 400.00 × ½ = 30.00, 20.00 booked: +10.00
///   (not +40.00, which would give back the refunded half's reward).
#[test]
fn a_re_rating_after_a_clawback_applies_only_to_the_part_that_kept_its_reward() {
    let program = program(
        r#"{"id": "by-revenue", "clause": "V-13", "rule": "reward", "payments": {"paid_by": "client"},
            "beneficiary": "referrer", "form": "accrual",
            "rate": {"schedule": "tiered", "measure": {"revenue": "month"}, "retroactive": "current_month",
                     "tiers": [{"from": "0", "rate_percent": "10"}, {"from": "1000", "rate_percent": "15"}]}},
           {"id": "refunds", "clause": "V-14", "rule": "refunds", "policy": "clawback_within_hold", "hold_days": 30}"#,
    );
    let ledger = ledger(&format!(
        r#"{PARTNER}
{{"id":"c1","at":"2024-01-02T09:00:00Z","type":"client_registered","client":"c1","referrer":"p1"}}
{{"id":"a","at":"2024-10-03T09:00:00Z","type":"payment","client":"c1","payment_kind":"subscription","paid_by":"client","amount":{{"amount":"400.00","currency":"USD"}}}}
{{"id":"refund","at":"2024-10-05T09:00:00Z","type":"refund","payment":"a","amount":{{"amount":"200.00","currency":"USD"}}}}
{{"id":"b","at":"2024-10-10T09:00:00Z","type":"payment","client":"c1","payment_kind":"subscription","paid_by":"client","amount":{{"amount":"700.00","currency":"USD"}}}}"#
    ));
    let outcome = evaluate(&program, &ledger).unwrap();
    assert_eq!(amounts(&outcome, "a"), ["40.00 USD"]);
    assert_eq!(amounts(&outcome, "refund"), ["-20.00 USD"]);
    assert_eq!(amounts(&outcome, "b"), ["105.00 USD", "10.00 USD"]);
    let paid_for_a: rust_decimal::Decimal = outcome
        .lines
        .iter()
        .filter(|line| line.payment.as_ref().map(|p| p.as_str()) == Some("a"))
        .map(|line| line.amount.amount)
        .sum();
    assert_eq!(paid_for_a.to_string(), "30.00");
}
