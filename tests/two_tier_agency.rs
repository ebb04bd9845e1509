//! `programs/two-tier-agency.json`, a program written only as data (issue 19): partners
//! recruit sub-partners, and a parent agency earns an override on its sub-partners'
//! clients. Modelled on FirstPromoter's parent/sub-affiliates, Dub's partner referrals and
//! PayKickstart's 2nd-tier commissions (on the sale amount, not on the sub-partner's
//! commission), refgrow's "Period: a specific number of months", and PartnerStack's cash-out
//! on the 13th with a 30-day holding period. Europe/Berlin, EUR, half away from zero:
//!
//! - TT-1: the referrer earns 20 % of every payment of its referred clients;
//! - TT-2: a partner has one parent, set on registration (a `partner_recruited` at the
//!   registration's instant) or later by an event, counting from its instant with no
//!   reach-back; a recruitment that would make a cycle is refused;
//! - TT-3: the referrer's parent earns 5 % of the payment's amount, for 12 months from the
//!   client's first payment, if the parent's `type` attribute is `agency`; one level only;
//! - TT-4: lines are held 30 Berlin days; runs at 00:00 Berlin on the 13th pay the lines
//!   whose hold ended if they reach 25.00 EUR, otherwise they carry over;
//! - TT-5: a refund within 30 days claws back every reward of the payment, in proportion.
//!
//! The ledger crosses the change to summer time (30 March 2025 01:00 UTC): CET is UTC+1
//! before it, CEST UTC+2 after.

mod support;

use support::{at, rewards};

use commission_rules::{
    ErrorKind, Instant, Ledger, Line, LineKind, Mode, Outcome, RuleSet, evaluate, evaluate_with,
};

const PROGRAM: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/programs/two-tier-agency.json");

/// The program file, loaded strictly.
fn program() -> RuleSet {
    support::program_file("two-tier-agency")
}

/// Four partners: agency (an agency, no parent), freelancer (recruited by agency on its
/// registration), studio (an agency, no parent yet), solo (recruited by freelancer on its
/// registration). Berlin is UTC+1: 09:00Z is 10:00 CET.
const PARTNERS: &str = r#"{"id":"agency-joins","at":"2025-01-10T09:00:00Z","type":"partner_registered","partner":"agency","legal_form":"legal_entity","currency":"EUR","attributes":{"type":"agency"}}
{"id":"freelancer-joins","at":"2025-01-15T09:00:00Z","type":"partner_registered","partner":"freelancer","legal_form":"legal_entity","currency":"EUR","attributes":{"type":"freelancer"}}
{"id":"freelancer-recruited","at":"2025-01-15T09:00:00Z","type":"partner_recruited","partner":"freelancer","parent":"agency"}
{"id":"studio-joins","at":"2025-01-20T09:00:00Z","type":"partner_registered","partner":"studio","legal_form":"legal_entity","currency":"EUR","attributes":{"type":"agency"}}
{"id":"solo-joins","at":"2025-01-25T09:00:00Z","type":"partner_registered","partner":"solo","legal_form":"legal_entity","currency":"EUR","attributes":{"type":"freelancer"}}
{"id":"solo-recruited","at":"2025-01-25T09:00:00Z","type":"partner_recruited","partner":"solo","parent":"freelancer"}
{"id":"c1-joins","at":"2025-02-01T10:00:00Z","type":"client_registered","client":"c1","referrer":"freelancer"}
"#;

/// The clients' payments, studio's late parent and a refund, up to 20 April. c1-p3 is
/// 31 March 22:30 UTC, 1 April 00:30 CEST in Berlin.
const PAYMENTS: &str = r#"{"id":"c1-p1","at":"2025-02-03T10:00:00Z","type":"payment","client":"c1","payment_kind":"subscription","paid_by":"client","amount":{"amount":"149.90","currency":"EUR"}}
{"id":"c3-joins","at":"2025-02-10T10:00:00Z","type":"client_registered","client":"c3","referrer":"solo"}
{"id":"c3-p1","at":"2025-02-14T10:00:00Z","type":"payment","client":"c3","payment_kind":"subscription","paid_by":"client","amount":{"amount":"49.00","currency":"EUR"}}
{"id":"c2-joins","at":"2025-03-01T10:00:00Z","type":"client_registered","client":"c2","referrer":"studio"}
{"id":"c1-p2","at":"2025-03-03T10:00:00Z","type":"payment","client":"c1","payment_kind":"subscription","paid_by":"client","amount":{"amount":"149.90","currency":"EUR"}}
{"id":"c4-joins","at":"2025-03-05T10:00:00Z","type":"client_registered","client":"c4","referrer":"agency"}
{"id":"c4-p1","at":"2025-03-10T11:00:00Z","type":"payment","client":"c4","payment_kind":"subscription","paid_by":"client","amount":{"amount":"299.00","currency":"EUR"}}
{"id":"c2-p1","at":"2025-03-20T10:00:00Z","type":"payment","client":"c2","payment_kind":"subscription","paid_by":"client","amount":{"amount":"99.00","currency":"EUR"}}
{"id":"c1-p3","at":"2025-03-31T22:30:00Z","type":"payment","client":"c1","payment_kind":"subscription","paid_by":"client","amount":{"amount":"149.90","currency":"EUR"}}
{"id":"studio-parent","at":"2025-04-05T10:00:00Z","type":"partner_recruited","partner":"studio","parent":"agency"}
{"id":"c1-p3-refund","at":"2025-04-10T10:00:00Z","type":"refund","payment":"c1-p3","amount":{"amount":"149.90","currency":"EUR"}}
{"id":"c2-p2","at":"2025-04-20T09:00:00Z","type":"payment","client":"c2","payment_kind":"subscription","paid_by":"client","amount":{"amount":"99.00","currency":"EUR"}}
"#;

/// Agency would become solo's sub-partner: solo's parent is freelancer, whose parent is
/// agency, so the recruitment would close a loop.
const CYCLE: &str = r#"{"id":"cycle","at":"2025-05-01T10:00:00Z","type":"partner_recruited","partner":"agency","parent":"solo"}
"#;

/// After the 13 June run (2025-06-12T22:00Z).
const END: &str = r#"{"id":"end","at":"2025-06-14T00:00:00Z","type":"checkpoint"}"#;

/// A ledger from JSON Lines, one event per line.
fn ledger(jsonl: &str) -> Ledger {
    support::jsonl_ledger(jsonl)
}

/// The notes' ledger: partners, payments, the cycle, the checkpoint.
fn the_ledger() -> Ledger {
    ledger(&format!("{PARTNERS}{PAYMENTS}{CYCLE}{END}"))
}

/// The ledger evaluated leniently (the cycle is refused, the rest applies).
fn outcome() -> Outcome {
    evaluate_with(&program(), &the_ledger(), Mode::Lenient).unwrap()
}

/// (partner, clause, amount) of those lines, in booking order.
fn earned(outcome: &Outcome, source: &str) -> Vec<(String, String, String)> {
    rewards(outcome, source)
        .iter()
        .map(|line| {
            (
                line.partner.to_string(),
                line.clause.to_string(),
                line.amount.to_string(),
            )
        })
        .collect()
}

fn share(partner: &str, clause: &str, amount: &str) -> (String, String, String) {
    (partner.to_owned(), clause.to_owned(), amount.to_owned())
}

/// The one line of `clause` an event booked.
fn line<'o>(outcome: &'o Outcome, source: &str, clause: &str) -> &'o Line {
    let found: Vec<&Line> = rewards(outcome, source)
        .into_iter()
        .filter(|line| line.clause.as_str() == clause)
        .collect();
    assert_eq!(found.len(), 1, "one {clause} line from {source}: {found:?}");
    found[0]
}

/// The program file loads strictly, in Berlin time, with one rule per clause named in
/// its id.
#[test]
fn the_program_file_loads_strictly_with_a_rule_per_clause() {
    let program = program();
    assert_eq!(program.program.as_str(), "two-tier-agency");
    let rules: Vec<(String, String)> = program.versions[0]
        .rules
        .iter()
        .map(|rule| (rule.id.to_string(), rule.clause.to_string()))
        .collect();
    let expected = [
        ("tt-1-referrer", "TT-1"),
        ("tt-3-parent-override", "TT-3"),
        ("tt-4-payouts", "TT-4"),
        ("tt-5-refunds", "TT-5"),
    ];
    assert_eq!(
        rules,
        expected.map(|(id, clause)| (id.to_owned(), clause.to_owned()))
    );
    let again = RuleSet::from_json(&serde_json::to_string(&program).unwrap()).unwrap();
    assert_eq!(again, program);
}

/// 20 % of each payment, to the client's referrer, with no window:
/// c1-p1, c1-p2, c1-p3: 149.90 × 0.20 = 29.98 (freelancer); c3-p1: 49.00 × 0.20 = 9.80
/// (solo); c4-p1: 299.00 × 0.20 = 59.80 (agency); c2-p1, c2-p2: 99.00 × 0.20 = 19.80
/// (studio).
#[test]
fn tt_1_the_referrer_earns_20_percent_of_every_payment_of_its_clients() {
    let outcome = outcome();
    let expected = [
        ("c1-p1", "freelancer", "29.98 EUR", "2025-02-03T10:00:00Z"),
        ("c3-p1", "solo", "9.80 EUR", "2025-02-14T10:00:00Z"),
        ("c1-p2", "freelancer", "29.98 EUR", "2025-03-03T10:00:00Z"),
        ("c4-p1", "agency", "59.80 EUR", "2025-03-10T11:00:00Z"),
        ("c2-p1", "studio", "19.80 EUR", "2025-03-20T10:00:00Z"),
        ("c1-p3", "freelancer", "29.98 EUR", "2025-03-31T22:30:00Z"),
        ("c2-p2", "studio", "19.80 EUR", "2025-04-20T09:00:00Z"),
    ];
    for (payment, partner, amount, booked) in expected {
        let direct = line(&outcome, payment, "TT-1");
        assert_eq!(direct.kind, LineKind::Accrual, "{payment}");
        assert_eq!(
            (
                direct.partner.as_str(),
                direct.rule.as_str(),
                direct.amount.to_string()
            ),
            (partner, "tt-1-referrer", amount.to_owned()),
            "{payment}"
        );
        assert_eq!(direct.booked_at, at(booked), "{payment}");
        assert_eq!(direct.explanation.rate_basis.as_deref(), Some("flat"));
    }
}

/// c1 is freelancer's client; freelancer was recruited by agency (an agency) on its
/// registration. c1-p1 149.90: freelancer keeps its full 20 % = 29.98, and agency earns 5 %
/// of the payment, 149.90 × 0.05 = 7.495 → 7.50 (half away from zero; half-even gives
/// 7.50 too), not 5 % of the 29.98 commission (1.50). Same for c1-p2.
#[test]
fn tt_3_the_parent_agency_earns_5_percent_of_its_sub_partners_clients_payments() {
    let outcome = outcome();
    for payment in ["c1-p1", "c1-p2"] {
        assert_eq!(
            earned(&outcome, payment),
            [
                share("freelancer", "TT-1", "29.98 EUR"),
                share("agency", "TT-3", "7.50 EUR"),
            ],
            "{payment}"
        );
    }
    let override_line = line(&outcome, "c1-p1", "TT-3");
    assert_eq!(override_line.kind, LineKind::Accrual);
    assert_eq!(override_line.rule.as_str(), "tt-3-parent-override");
    assert_eq!(override_line.booked_at, at("2025-02-03T10:00:00Z"));
    assert_eq!(
        override_line.explanation.base.map(|base| base.to_string()),
        Some("149.90 EUR".to_owned())
    );
    assert_eq!(
        override_line.explanation.rate.map(|rate| rate.to_string()),
        Some("5%".to_owned())
    );
    assert_eq!(
        override_line
            .explanation
            .exact
            .map(|exact| exact.to_string()),
        Some("7.4950".to_owned())
    );
    assert_eq!(
        override_line.explanation.rate_basis.as_deref(),
        Some("flat; partner type in [agency]")
    );
    assert_eq!(
        override_line.explanation.note.as_deref(),
        Some("upline level 1 of referrer freelancer")
    );
}

/// c3 is solo's client; solo's parent is freelancer, whose `type` is `freelancer`: TT-3's
/// condition excludes it, so c3-p1 49.00 earns only solo's 9.80. Agency, solo's
/// grandparent, earns nothing either: the override is one level only. c4-p1 299.00 is
/// agency's own client and agency has no parent: only agency's 59.80.
#[test]
fn tt_3_a_parent_that_is_not_an_agency_earns_nothing_and_a_grandparent_neither() {
    let outcome = outcome();
    assert_eq!(
        earned(&outcome, "c3-p1"),
        [share("solo", "TT-1", "9.80 EUR")]
    );
    assert_eq!(
        earned(&outcome, "c4-p1"),
        [share("agency", "TT-1", "59.80 EUR")]
    );
    // Nothing else anywhere for c3's payment, not even a line that is not payable.
    assert!(
        outcome
            .lines
            .iter()
            .filter(|line| line.source_event.as_str() == "c3-p1")
            .all(|line| line.partner.as_str() == "solo")
    );
}

/// Studio gets a parent (agency) by an event on 5 April, 12:00 CEST. c2-p1 (20 March)
/// came before it: studio's 19.80 only, and the recruitment reaches nothing back. c2-p2
/// (20 April) comes after it and inside 12 months of c2's first payment (20 March): studio
/// 19.80 and agency 99.00 × 0.05 = 4.95.
#[test]
fn tt_2_a_parent_assigned_later_counts_from_its_instant_with_no_reach_back() {
    let outcome = outcome();
    assert_eq!(
        earned(&outcome, "c2-p1"),
        [share("studio", "TT-1", "19.80 EUR")]
    );
    assert!(
        outcome
            .lines
            .iter()
            .all(|line| line.source_event.as_str() != "studio-parent")
    );
    assert_eq!(
        earned(&outcome, "c2-p2"),
        [
            share("studio", "TT-1", "19.80 EUR"),
            share("agency", "TT-3", "4.95 EUR"),
        ]
    );
    assert_eq!(
        line(&outcome, "c2-p2", "TT-3").explanation.note.as_deref(),
        Some("upline level 1 of referrer studio")
    );
}

/// On 1 May agency is to become solo's sub-partner; solo → freelancer → agency, so that
/// would close a loop. Strict: the evaluation stops at that event with
/// `RecruitmentCycle`. Lenient: it is the one rejection, and the lines and statements are
/// those of the ledger without it.
#[test]
fn tt_2_a_recruitment_that_would_close_a_cycle_is_refused_and_changes_nothing() {
    let program = program();
    let error = evaluate(&program, &the_ledger()).unwrap_err();
    assert_eq!(error.event().map(|id| id.as_str()), Some("cycle"));
    assert_eq!(
        error.kind(),
        &ErrorKind::RecruitmentCycle {
            partner: "agency".into(),
            parent: "solo".into()
        }
    );

    let outcome = outcome();
    let rejected: Vec<(&str, &ErrorKind)> = outcome
        .rejections
        .iter()
        .map(|rejection| (rejection.event.as_str(), &rejection.reason))
        .collect();
    assert_eq!(rejected, [("cycle", error.kind())]);
    let without = evaluate(&program, &ledger(&format!("{PARTNERS}{PAYMENTS}{END}"))).unwrap();
    assert_eq!(outcome.lines, without.lines);
    assert_eq!(outcome.statements, without.statements);
}

/// A partner naming itself as its parent is a cycle too.
#[test]
fn tt_2_a_partner_cannot_become_its_own_parent() {
    let itself = r#"{"id":"itself","at":"2025-05-01T10:00:00Z","type":"partner_recruited","partner":"freelancer","parent":"freelancer"}
"#;
    let error = evaluate(
        &program(),
        &ledger(&format!("{PARTNERS}{PAYMENTS}{itself}{END}")),
    )
    .unwrap_err();
    assert_eq!(error.event().map(|id| id.as_str()), Some("itself"));
    assert_eq!(
        error.kind(),
        &ErrorKind::RecruitmentCycle {
            partner: "freelancer".into(),
            parent: "freelancer".into()
        }
    );
}

/// c1's first payment is 3 February 2025 10:00 UTC (11:00 CET), so TT-3's window is
/// [2025-02-03T10:00Z, 2026-02-03T10:00Z) (11:00 CET at both ends, no DST change between).
/// A payment of 149.90 at 2026-02-03T09:59:59Z: freelancer 29.98 and agency 7.50; at
/// 10:00:00Z, the window's end, excluded: freelancer 29.98 only (TT-1 has no window).
#[test]
fn tt_3_the_override_ends_12_months_after_the_clients_first_payment() {
    let payment = |id: &str, at: &str| {
        format!(
            r#"{{"id":"{id}","at":"{at}","type":"payment","client":"c1","payment_kind":"subscription","paid_by":"client","amount":{{"amount":"149.90","currency":"EUR"}}}}
"#
        )
    };
    for (id, when, expected) in [
        (
            "last-second",
            "2026-02-03T09:59:59Z",
            vec![
                share("freelancer", "TT-1", "29.98 EUR"),
                share("agency", "TT-3", "7.50 EUR"),
            ],
        ),
        (
            "window-closed",
            "2026-02-03T10:00:00Z",
            vec![share("freelancer", "TT-1", "29.98 EUR")],
        ),
    ] {
        let ledger = ledger(&format!(
            "{PARTNERS}{}{}",
            payment("c1-p1", "2025-02-03T10:00:00Z"),
            payment(id, when)
        ));
        let outcome = evaluate(&program(), &ledger).unwrap();
        assert_eq!(earned(&outcome, "c1-p1").len(), 2);
        assert_eq!(earned(&outcome, id), expected, "{id}");
    }
}

/// c1-p3 is 31 March 22:30 UTC: 23:30 on 31 March in a fixed UTC+1, but 00:30 CEST on
/// 1 April in Berlin (summer time began on 30 March). Its lines belong to April; under
/// the same program at a fixed +01:00 they would belong to March.
#[test]
fn tt_4_a_payment_at_00_30_berlin_time_on_1_april_belongs_to_april() {
    let outcome = outcome();
    for clause in ["TT-1", "TT-3"] {
        let booked = line(&outcome, "c1-p3", clause);
        assert_eq!(booked.booked_at, at("2025-03-31T22:30:00Z"));
        assert_eq!(booked.month.to_string(), "2025-04", "{clause}");
    }
    let mut fixed: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(PROGRAM).unwrap()).unwrap();
    fixed["time_zone"] = "+01:00".into();
    let fixed = RuleSet::from_json(&fixed.to_string()).unwrap();
    let outcome = evaluate_with(&fixed, &the_ledger(), Mode::Lenient).unwrap();
    assert_eq!(line(&outcome, "c1-p3", "TT-1").month.to_string(), "2025-03");
}

/// Each line is ready 30 Berlin days after its booking, at the same local time; across
/// 30 March that is 29 days 23 hours:
/// - c1-p1 (3 Feb 11:00 CET) → 5 Mar 11:00 CET = 10:00Z; c3-p1 → 16 Mar 10:00Z;
/// - c1-p2 (3 Mar 11:00 CET) → 2 Apr 11:00 CEST = 09:00Z;
/// - c4-p1 (10 Mar 12:00 CET) → 9 Apr 12:00 CEST = 10:00Z;
/// - c2-p1 (20 Mar 11:00 CET) → 19 Apr 11:00 CEST = 09:00Z;
/// - c1-p3 (1 Apr 00:30 CEST) → 1 May 00:30 CEST = 30 Apr 22:30Z;
/// - c2-p2 (20 Apr 11:00 CEST) → 20 May 11:00 CEST = 09:00Z.
///
/// Both levels of a payment are ready together.
#[test]
fn tt_4_lines_are_held_30_berlin_days_across_the_change_to_summer_time() {
    let outcome = outcome();
    let expected = [
        ("c1-p1", "2025-03-05T10:00:00Z"),
        ("c3-p1", "2025-03-16T10:00:00Z"),
        ("c1-p2", "2025-04-02T09:00:00Z"),
        ("c4-p1", "2025-04-09T10:00:00Z"),
        ("c2-p1", "2025-04-19T09:00:00Z"),
        ("c1-p3", "2025-04-30T22:30:00Z"),
        ("c2-p2", "2025-05-20T09:00:00Z"),
    ];
    for (payment, due) in expected {
        assert!(!rewards(&outcome, payment).is_empty(), "{payment}");
        for booked in rewards(&outcome, payment) {
            assert_eq!(booked.due, Some(at(due)), "{payment} {}", booked.clause);
        }
    }
}

/// Runs at 00:00 Berlin on the 13th: 13 March 00:00 CET = 12 March 23:00Z; 13 April,
/// May, June 00:00 CEST = 22:00Z the day before. Minimum 25.00 EUR.
/// - 13 March: freelancer 29.98 (c1-p1) → pays 29.98; agency 7.50 < 25: carried.
/// - 13 April: freelancer 29.98 (c1-p2) → pays 29.98; agency 7.50 + 7.50 + 59.80 = 74.80
///   → pays 74.80; solo 9.80 (ready 16 March) < 25: carried; studio's c2-p1 not ready
///   (19 April).
/// - 13 May: freelancer 29.98 − 29.98 = 0.00 and agency 7.50 − 7.50 = 0.00 (c1-p3 and its
///   clawback): nothing; studio 19.80 < 25: carried.
/// - 13 June: studio 19.80 + 19.80 = 39.60 → pays 39.60; agency 0.00 + 4.95 < 25: carried.
///
/// Left in the accounts: agency 4.95, solo 9.80, freelancer and studio 0.00.
#[test]
fn tt_4_runs_at_00_00_berlin_on_the_13th_pay_25_eur_or_more_and_carry_the_rest() {
    let outcome = outcome();
    let mut payouts: Vec<(Instant, String, String)> = outcome
        .lines
        .iter()
        .filter(|line| line.kind == LineKind::Payout)
        .inspect(|line| {
            assert_eq!(line.due, Some(line.booked_at));
            assert_eq!(
                (line.clause.as_str(), line.rule.as_str()),
                ("TT-4", "tt-4-payouts")
            );
        })
        .map(|line| {
            (
                line.booked_at,
                line.partner.to_string(),
                line.amount.to_string(),
            )
        })
        .collect();
    payouts.sort();
    let expected = [
        ("2025-03-12T23:00:00Z", "freelancer", "-29.98 EUR"),
        ("2025-04-12T22:00:00Z", "agency", "-74.80 EUR"),
        ("2025-04-12T22:00:00Z", "freelancer", "-29.98 EUR"),
        ("2025-06-12T22:00:00Z", "studio", "-39.60 EUR"),
    ];
    assert_eq!(
        payouts,
        expected.map(|(run, partner, amount)| (at(run), partner.to_owned(), amount.to_owned()))
    );
    // What each partner is owed after its last statement.
    for (partner, month, closing) in [
        ("agency", "2025-04", "4.95 EUR"),
        ("freelancer", "2025-04", "0.00 EUR"),
        ("solo", "2025-02", "9.80 EUR"),
        ("studio", "2025-06", "0.00 EUR"),
    ] {
        let last = outcome
            .statements
            .iter()
            .rfind(|statement| statement.partner.as_str() == partner)
            .unwrap();
        assert_eq!(
            (last.month.to_string(), last.closing.to_string()),
            (month.to_owned(), closing.to_owned()),
            "{partner}"
        );
    }
}

/// c1-p3 (149.90, 31 March 22:30Z) is refunded in full on 10 April, within 30 days: both
/// of its rewards come back, agency's 7.50 (TT-3) and freelancer's 29.98 (TT-1), as
/// adjustments booked at the refund (April), due with the lines they claw back
/// (30 April 22:30Z), listed by partner.
#[test]
fn tt_5_a_refund_within_30_days_claws_back_both_levels() {
    let outcome = outcome();
    assert_eq!(
        earned(&outcome, "c1-p3-refund"),
        [
            share("agency", "TT-3", "-7.50 EUR"),
            share("freelancer", "TT-1", "-29.98 EUR"),
        ]
    );
    for (clause, rule) in [("TT-1", "tt-1-referrer"), ("TT-3", "tt-3-parent-override")] {
        let clawback = line(&outcome, "c1-p3-refund", clause);
        assert_eq!(clawback.kind, LineKind::Adjustment);
        assert_eq!(clawback.rule.as_str(), rule);
        assert_eq!(clawback.booked_at, at("2025-04-10T10:00:00Z"));
        assert_eq!(clawback.due, Some(at("2025-04-30T22:30:00Z")));
        assert_eq!(clawback.month.to_string(), "2025-04");
        assert_eq!(
            clawback.explanation.note.as_deref(),
            Some("clawback: 149.90 of 149.90 of payment c1-p3 refunded within the hold")
        );
    }
}
