//! Payout runs on a chosen day of the month and "N days after the month ends" (issue 19's
//! payouts), written as data in any program: a program in `America/New_York` paying 20 %
//! of its referred clients' payments in USD, with runs at local midnight on the 13th (or
//! 15 days after each month), across both daylight-saving changes of 2024 (clocks forward
//! on 10 March, back on 3 November), a month below the minimum carried over, and the
//! validation of the day.

mod support;

use commission_rules::{
    Currency, Instant, LegalForm, LineKind, Money, Outcome, RuleSet, evaluate,
    rules::{PayoutSchedule, RuleKind},
};
use support::{Book, d, line_from as line, utc};

/// A program whose only terms are a 20 % reward (T-1) and the payout rule `schedule`
/// (T-2), with `versions` given as JSON (a version's `rules` naming `{schedule}`).
fn program_json(versions: &str, schedule: &str) -> String {
    let versions = versions.replace("{schedule}", schedule);
    format!(
        r#"{{
  "program": "payout-days",
  "name": "A program paying on a day of the month, in New York time",
  "time_zone": "America/New_York",
  "currency": {{ "program_currency": "USD", "booking": "program_currency", "fx_markup_percent": "0" }},
  "rounding": "half_away_from_zero",
  "rules": [
    {{ "id": "recurring", "clause": "T-1", "rule": "reward",
       "payments": {{ "paid_by": "client" }}, "beneficiary": "referrer",
       "rate": {{ "schedule": "flat", "rate_percent": "20" }},
       "base": "amount_paid", "credit": "at_payment", "form": "accrual" }}
  ],
  "versions": {versions}
}}"#
    )
}

/// One version from the beginning whose only rule is the payout schedule.
const ONE_VERSION: &str = r#"[ { "effective_from": null, "label": "2024 terms", "rules": [
    { "id": "payouts", "clause": "T-2", "rule": "payout", {schedule} } ] } ]"#;

/// Monthly runs on the 13th, lines held 7 days, at least 50 USD.
const ON_THE_13TH: &str = r#""schedule": "monthly", "day": 13, "hold_days": 7, "minimum": { "amount": "50", "currency": "USD" }"#;

/// January's lines paid 15 days after January ends, at least 50 USD.
const FIFTEEN_DAYS_AFTER: &str = r#""schedule": "after_month_end", "days_after": 15, "minimum": { "amount": "50", "currency": "USD" }"#;

fn program(schedule: &str) -> RuleSet {
    RuleSet::from_json(&program_json(ONE_VERSION, schedule)).unwrap()
}

/// The error `from_json` gives for a program with this payout schedule.
fn refused(schedule: &str) -> String {
    RuleSet::from_json(&program_json(ONE_VERSION, schedule))
        .unwrap_err()
        .to_string()
}

fn usd(text: &str) -> Money {
    Money::new(d(text), Currency::USD)
}

/// A partner `p` (paid in USD) and its referred client `c`, registered in January 2024.
fn partner_and_client() -> Book {
    let mut book = Book::new();
    book.partner_with(
        "p",
        utc(2024, 1, 2, 15, 0),
        LegalForm::LegalEntity,
        Currency::USD,
    )
    .client("c", utc(2024, 1, 3, 15, 0), Some("p"));
    book
}

/// Every payout line: when it is booked (and due), and the amount out of the account.
fn payouts(outcome: &Outcome) -> Vec<(Instant, Money)> {
    outcome
        .lines
        .iter()
        .filter(|l| l.kind == LineKind::Payout)
        .inspect(|l| assert_eq!(l.due, Some(l.booked_at)))
        .map(|l| (l.booked_at, l.amount))
        .collect()
}

fn checkpoint(book: &mut Book, id: &str, at: Instant) {
    book.push(id, at, commission_rules::EventKind::Checkpoint);
}

/// 200 USD on 8 March 12:00 EST (17:00 UTC) earns 40.00, ready 7 local days later:
/// 15 March 12:00 EDT (16:00 UTC; the clocks went forward on the 10th), after the 13 March
/// run. 150 USD on 20 March 12:00 EDT earns 30.00, ready 27 March. Both are paid by the
/// 13 April run, 00:00 EDT = 04:00 UTC: 40 + 30 = 70.00 USD, at least the 50 minimum. The
/// run names the last line it pays; its month is April.
#[test]
fn t_2_march_lines_are_paid_at_local_midnight_on_13_april() {
    let mut book = partner_and_client();
    book.pays("mar-08", utc(2024, 3, 8, 17, 0), "c", usd("200"))
        .pays("mar-20", utc(2024, 3, 20, 16, 0), "c", usd("150"));
    checkpoint(&mut book, "mid-april", utc(2024, 4, 20, 0, 0));
    let outcome = evaluate(&program(ON_THE_13TH), &book.ledger()).unwrap();

    let early = line(&outcome, "mar-08", LineKind::Accrual);
    assert_eq!(early.amount, usd("40.00"));
    assert_eq!(early.due, Some(utc(2024, 3, 15, 16, 0)));
    let late = line(&outcome, "mar-20", LineKind::Accrual);
    assert_eq!(late.amount, usd("30.00"));
    assert_eq!(late.due, Some(utc(2024, 3, 27, 16, 0)));

    assert_eq!(payouts(&outcome), [(utc(2024, 4, 13, 4, 0), usd("-70.00"))]);
    let run = line(&outcome, "mar-20", LineKind::Payout);
    assert_eq!(
        (
            run.clause.as_str(),
            run.rule.as_str(),
            run.month.to_string()
        ),
        ("T-2", "payouts", "2024-04".to_owned())
    );
    assert_eq!(
        run.explanation.note.as_deref(),
        Some("monthly payout of the lines whose hold ended (minimum 50 USD)")
    );
}

/// 300 USD on 28 October 12:00 EDT (16:00 UTC) earns 60.00, ready 7 local days later on
/// 4 November 12:00 EST (17:00 UTC: the clocks went back on the 3rd, so that week is 169
/// hours). The 13 November run is at 00:00 EST, 05:00 UTC, an hour later in UTC than
/// April's.
#[test]
fn t_2_a_late_october_line_is_paid_on_13_november_at_05_00_utc_after_the_change() {
    let mut book = partner_and_client();
    book.pays("oct-28", utc(2024, 10, 28, 16, 0), "c", usd("300"));
    checkpoint(&mut book, "mid-november", utc(2024, 11, 20, 0, 0));
    let outcome = evaluate(&program(ON_THE_13TH), &book.ledger()).unwrap();

    let accrual = line(&outcome, "oct-28", LineKind::Accrual);
    assert_eq!(accrual.amount, usd("60.00"));
    assert_eq!(accrual.due, Some(utc(2024, 11, 4, 17, 0)));
    assert_eq!(
        payouts(&outcome),
        [(utc(2024, 11, 13, 5, 0), usd("-60.00"))]
    );
}

/// A run comes before the events after its instant, whether or not a checkpoint lies
/// between them. 300 USD on 28 October earns 60.00, ready 4 November; the 13 November run
/// (05:00 UTC) pays it. The payment is refunded in full on 20 November, within the 30 days
/// of T-3: the refund claws the 60.00 back (−60.00), which the 13 November run must not
/// have seen, with or without a checkpoint on 14 November. December's run finds −60.00 and
/// pays nothing: the partner owes it.
#[test]
fn t_2_a_run_pays_what_was_due_on_its_day_before_a_later_refund() {
    // The payout rule, and refunds within 30 days clawed back (T-3).
    let versions = r#"[ { "effective_from": null, "label": "2024 terms", "rules": [
        { "id": "payouts", "clause": "T-2", "rule": "payout", {schedule} },
        { "id": "refunds", "clause": "T-3", "rule": "refunds",
          "policy": "clawback_within_hold", "hold_days": 30 } ] } ]"#;
    let clawing_back = RuleSet::from_json(&program_json(versions, ON_THE_13TH)).unwrap();
    let evaluated = |with_checkpoint: bool| {
        let mut book = partner_and_client();
        book.pays("oct-28", utc(2024, 10, 28, 16, 0), "c", usd("300"));
        if with_checkpoint {
            checkpoint(&mut book, "after-the-run", utc(2024, 11, 14, 0, 0));
        }
        book.push(
            "refund",
            utc(2024, 11, 20, 12, 0),
            commission_rules::ledger::build::refund("oct-28", usd("300")),
        );
        checkpoint(&mut book, "after-december-run", utc(2024, 12, 14, 0, 0));
        evaluate(&clawing_back, &book.ledger()).unwrap()
    };
    let (without, with) = (evaluated(false), evaluated(true));
    assert_eq!(
        payouts(&without),
        [(utc(2024, 11, 13, 5, 0), usd("-60.00"))]
    );
    let clawback = line(&without, "refund", LineKind::Adjustment);
    assert_eq!(clawback.amount, usd("-60.00"));
    assert_eq!(without.lines, with.lines);
    assert_eq!(without.statements, with.statements);
}

/// 100 USD on 2 May earns 20.00, ready 9 May: the 13 May run finds 20.00, below the 50
/// minimum, and pays nothing. 200 USD on 20 May earns 40.00, ready 27 May: the 13 June run
/// (04:00 UTC, EDT) pays both, 20 + 40 = 60.00 USD.
#[test]
fn t_2_a_month_below_the_minimum_carries_over_to_the_next_13th() {
    let mut book = partner_and_client();
    book.pays("may-02", utc(2024, 5, 2, 16, 0), "c", usd("100"));
    checkpoint(&mut book, "after-may-run", utc(2024, 5, 14, 0, 0));
    book.pays("may-20", utc(2024, 5, 20, 16, 0), "c", usd("200"));
    checkpoint(&mut book, "after-june-run", utc(2024, 6, 14, 0, 0));
    let outcome = evaluate(&program(ON_THE_13TH), &book.ledger()).unwrap();

    assert_eq!(
        line(&outcome, "may-02", LineKind::Accrual).amount,
        usd("20.00")
    );
    assert_eq!(
        line(&outcome, "may-20", LineKind::Accrual).amount,
        usd("40.00")
    );
    assert_eq!(payouts(&outcome), [(utc(2024, 6, 13, 4, 0), usd("-60.00"))]);
    assert_eq!(
        line(&outcome, "may-20", LineKind::Payout).month.to_string(),
        "2024-06"
    );
}

/// Fifteen days after January ends: 1 February + 15 days = 16 February, 00:00 EST =
/// 05:00 UTC. January's lines: 100 USD on 10 January (20.00) and 150 USD on 31 January
/// 23:30 EST (1 February 04:30 UTC, still January in New York: 30.00); together 50.00,
/// exactly the minimum, paid on 16 February. 200 USD on 3 February (40.00) is February's:
/// not paid on 16 February although booked before it, but at February's run on 16 March,
/// 00:00 EDT = 04:00 UTC, where 40.00 is below the minimum and carries over; with
/// March's 20.00 (100 USD on 5 March) the 16 April run pays 40 + 20 = 60.00 USD.
#[test]
fn t_2_after_month_end_pays_januarys_lines_on_16_february_at_local_midnight() {
    let mut book = partner_and_client();
    book.pays("jan-10", utc(2024, 1, 10, 17, 0), "c", usd("100"))
        .pays("jan-31-late", utc(2024, 2, 1, 4, 30), "c", usd("150"))
        .pays("feb-03", utc(2024, 2, 3, 17, 0), "c", usd("200"))
        .pays("mar-05", utc(2024, 3, 5, 17, 0), "c", usd("100"));
    checkpoint(&mut book, "late-april", utc(2024, 4, 30, 0, 0));
    let outcome = evaluate(&program(FIFTEEN_DAYS_AFTER), &book.ledger()).unwrap();

    let dues: Vec<_> = ["jan-10", "jan-31-late", "feb-03", "mar-05"]
        .iter()
        .map(|source| {
            let accrual = line(&outcome, source, LineKind::Accrual);
            (accrual.amount, accrual.due)
        })
        .collect();
    assert_eq!(
        dues,
        [
            (usd("20.00"), Some(utc(2024, 2, 16, 5, 0))),
            (usd("30.00"), Some(utc(2024, 2, 16, 5, 0))),
            (usd("40.00"), Some(utc(2024, 3, 16, 4, 0))),
            (usd("20.00"), Some(utc(2024, 4, 16, 4, 0))),
        ]
    );
    assert_eq!(
        payouts(&outcome),
        [
            (utc(2024, 2, 16, 5, 0), usd("-50.00")),
            (utc(2024, 4, 16, 4, 0), usd("-60.00")),
        ]
    );
    let january = line(&outcome, "jan-31-late", LineKind::Payout);
    assert_eq!(
        january.explanation.note.as_deref(),
        Some(
            "payout 15 days after the month's end of its lines and any carried over (minimum 50 USD)"
        )
    );
    assert_eq!(
        line(&outcome, "mar-05", LineKind::Payout).clause.as_str(),
        "T-2"
    );
}

/// New terms from 1 June move the runs from the 13th to the 20th. 300 USD on 20 May earns
/// 60.00, ready 27 May; the old terms' next run would be 13 June, but from 1 June the new
/// terms pay, on their own day: 20 June, 00:00 EDT = 04:00 UTC.
#[test]
fn t_2_new_terms_with_another_day_take_the_run_from_their_start() {
    let versions = r#"[
      { "effective_from": null, "label": "on the 13th", "rules": [
        { "id": "payouts", "clause": "T-2", "rule": "payout", {schedule} } ] },
      { "effective_from": "2024-06-01", "label": "on the 20th", "rules": [
        { "id": "payouts", "clause": "T-2b", "rule": "payout", "schedule": "monthly",
          "day": 20, "hold_days": 7, "minimum": { "amount": "50", "currency": "USD" } } ] } ]"#;
    let program = RuleSet::from_json(&program_json(versions, ON_THE_13TH)).unwrap();
    let mut book = partner_and_client();
    book.pays("may-20", utc(2024, 5, 20, 16, 0), "c", usd("300"));
    checkpoint(&mut book, "july", utc(2024, 7, 1, 0, 0));
    let outcome = evaluate(&program, &book.ledger()).unwrap();

    assert_eq!(payouts(&outcome), [(utc(2024, 6, 20, 4, 0), usd("-60.00"))]);
    assert_eq!(
        line(&outcome, "may-20", LineKind::Payout).clause.as_str(),
        "T-2b"
    );
}

/// A monthly payout day is one every month has, 1 to 28: 0 and 29 are refused with the
/// path of the field; 28 is accepted.
#[test]
fn t_2_a_payout_day_outside_1_to_28_is_refused_with_its_path() {
    let on = |day: u32| {
        format!(
            r#""schedule": "monthly", "day": {day}, "hold_days": 7, "minimum": {{ "amount": "50", "currency": "USD" }}"#
        )
    };
    assert_eq!(
        refused(&on(29)),
        "rule set at versions[0].rules[0].day: day 29 is not a day of every month: monthly \
         payouts fall on day 1 to 28 (for later in the month, an after_month_end schedule)"
    );
    let zero = refused(&on(0));
    assert!(
        zero.contains("versions[0].rules[0].day: day 0 is not"),
        "{zero}"
    );
    let last = program(&on(28));
    let schedule = last.versions[0].rules[0].kind.clone();
    assert!(matches!(
        schedule,
        RuleKind::Payout(PayoutSchedule::Monthly { day: 28, .. })
    ));
}

/// `days_after` is bounded like every day count (36,525 days); the minimum is in the
/// program currency, like a monthly minimum.
#[test]
fn t_2_after_month_end_bounds_its_days_and_its_minimum() {
    let too_long = refused(
        r#""schedule": "after_month_end", "days_after": 36526, "minimum": { "amount": "50", "currency": "USD" }"#,
    );
    assert_eq!(
        too_long,
        "rule set at versions[0].rules[0].days_after: 36526 days is too long: at most 36525 days \
         (100 years)"
    );
    let in_euros = refused(
        r#""schedule": "after_month_end", "days_after": 15, "minimum": { "amount": "50", "currency": "EUR" }"#,
    );
    assert!(
        in_euros
            .contains("versions[0].rules[0].minimum.currency: EUR is not the program currency USD"),
        "{in_euros}"
    );
}

/// Without a `day` a monthly schedule runs on the 1st, as before, and writes no `day`: a
/// program file written before days existed reads and writes the same.
#[test]
fn t_2_the_1st_is_the_default_day_and_is_left_out_of_the_json() {
    let first = program(
        r#""schedule": "monthly", "hold_days": 7, "minimum": { "amount": "50", "currency": "USD" }"#,
    );
    let RuleKind::Payout(schedule) = first.versions[0].rules[0].kind.clone() else {
        panic!("a payout rule")
    };
    assert!(matches!(schedule, PayoutSchedule::Monthly { day: 1, .. }));
    let written = serde_json::to_string(&first).unwrap();
    assert!(!written.contains("\"day\""), "{written}");
    let again = RuleSet::from_json(&written).unwrap();
    assert_eq!(again, first);

    // 200 USD on 8 March earns 40.00, ready 15 March; with 30.00 ready 27 March the
    // 1 April run (00:00 EDT = 04:00 UTC) pays 70.00 USD.
    let mut book = partner_and_client();
    book.pays("mar-08", utc(2024, 3, 8, 17, 0), "c", usd("200"))
        .pays("mar-20", utc(2024, 3, 20, 16, 0), "c", usd("150"));
    checkpoint(&mut book, "mid-april", utc(2024, 4, 20, 0, 0));
    let outcome = evaluate(&first, &book.ledger()).unwrap();
    assert_eq!(payouts(&outcome), [(utc(2024, 4, 1, 4, 0), usd("-70.00"))]);
}

/// The `payouts` command lists the runs of both new schedules like any other payout.
/// Built with `--features cli`: `cargo test --features cli --test payout_days`.
#[cfg(feature = "cli")]
mod cli {
    use super::*;
    use std::path::{Path, PathBuf};
    use std::process::Command;

    fn scratch(name: &str, text: &str) -> PathBuf {
        let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    fn payouts_csv(name: &str, schedule: &str, book: &Book, as_of: &str) -> String {
        let program = scratch(
            &format!("{name}.json"),
            &program_json(ONE_VERSION, schedule),
        );
        let ledger: String = book
            .events
            .iter()
            .map(|event| serde_json::to_string(event).unwrap() + "\n")
            .collect();
        let ledger = scratch(&format!("{name}.jsonl"), &ledger);
        let output = Command::new(env!("CARGO_BIN_EXE_commission-rules"))
            .arg("payouts")
            .arg("--program")
            .arg(&program)
            .arg("--ledger")
            .arg(&ledger)
            .args(["--as-of", as_of])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0), "{output:?}");
        String::from_utf8(output.stdout).unwrap()
    }

    /// The figures of the tests above: 70.00 USD on 13 April 04:00 UTC for the 13th; 50.00
    /// on 16 February 05:00 UTC and 60.00 on 16 April 04:00 UTC, 15 days after the month.
    /// `--as-of 2024-04-16` is 00:00 New York time that day, the instant of the April run.
    #[test]
    fn t_2_payouts_lists_the_runs_on_the_13th_and_after_the_month_ends() {
        let header = "partner,amount,currency,due,kind,clause,rule,source_event,payment,id,pays\n";
        let mut book = partner_and_client();
        book.pays("mar-08", utc(2024, 3, 8, 17, 0), "c", usd("200"))
            .pays("mar-20", utc(2024, 3, 20, 16, 0), "c", usd("150"));
        assert_eq!(
            payouts_csv("payout-days-13th", ON_THE_13TH, &book, "2024-04-13"),
            format!(
                "{header}p,70.00,USD,2024-04-13T04:00:00Z,payout,T-2,payouts,mar-20,,\
                 p/2024-04-13T04:00:00Z/payouts/0,mar-08/recurring/0 mar-20/recurring/0\n"
            )
        );

        let mut book = partner_and_client();
        book.pays("jan-10", utc(2024, 1, 10, 17, 0), "c", usd("100"))
            .pays("jan-31-late", utc(2024, 2, 1, 4, 30), "c", usd("150"))
            .pays("feb-03", utc(2024, 2, 3, 17, 0), "c", usd("200"))
            .pays("mar-05", utc(2024, 3, 5, 17, 0), "c", usd("100"));
        assert_eq!(
            payouts_csv("payout-days-after", FIFTEEN_DAYS_AFTER, &book, "2024-04-16"),
            format!(
                "{header}p,50.00,USD,2024-02-16T05:00:00Z,payout,T-2,payouts,jan-31-late,,\
                 p/2024-02-16T05:00:00Z/payouts/0,jan-10/recurring/0 jan-31-late/recurring/0\n\
                 p,60.00,USD,2024-04-16T04:00:00Z,payout,T-2,payouts,mar-05,,\
                 p/2024-04-16T04:00:00Z/payouts/0,feb-03/recurring/0 mar-05/recurring/0\n"
            )
        );
    }
}
