//! Programs reckoned in a named IANA zone (issue 19's time zones, issue 21's day counts):
//! months, days, "the 1st of next month" and windows follow local civil time across
//! daylight-saving changes; a local midnight in a gap starts its day at the gap's end.

mod support;

use chrono::{NaiveDate, TimeZone, Utc};
use commission_rules::{LineKind, ProgramZone, RuleSet, evaluate, programs};
use support::{Book, line_from as line};

fn new_york() -> ProgramZone {
    "America/New_York".parse().unwrap()
}

fn utc(year: i32, month: u32, day: u32, hour: u32, minute: u32) -> commission_rules::Instant {
    Utc.with_ymd_and_hms(year, month, day, hour, minute, 0)
        .unwrap()
}

/// Wazzup's terms, reckoned in New York time instead of Moscow's.
fn wazzup_in_new_york() -> RuleSet {
    let mut program = programs::wazzup();
    program.time_zone = new_york();
    program
}

#[test]
fn a_named_zone_reads_and_writes_as_its_name_and_a_wrong_one_names_its_path() {
    let mut json = serde_json::to_value(programs::radist()).unwrap();
    json["time_zone"] = "Europe/Moscow".into();
    let program = RuleSet::from_json(&json.to_string()).unwrap();
    assert_eq!(program.time_zone.to_string(), "Europe/Moscow");
    json["time_zone"] = "Europe/Moskva".into();
    let error = RuleSet::from_json(&json.to_string())
        .unwrap_err()
        .to_string();
    assert!(error.contains("time_zone"), "{error}");
    assert!(error.contains("Europe/Moskva"), "{error}");
}

/// 31 March 23:30 in New York (EDT, UTC-4) is 1 April 03:30 UTC: March in program time.
/// W-2 credits it on the 1st of the next month: 1 April 00:00 EDT = 04:00 UTC.
#[test]
fn w_2_a_payment_late_on_the_months_last_day_is_credited_at_local_midnight_on_the_1st() {
    let mut book = Book::new();
    book.partner("p", utc(2024, 1, 2, 15, 0))
        .client("c", utc(2024, 1, 3, 15, 0), Some("p"))
        .pays(
            "late-march",
            utc(2024, 4, 1, 3, 30),
            "c",
            support::rub("1000"),
        );
    let outcome = evaluate(&wazzup_in_new_york(), &book.ledger()).unwrap();
    let credit = line(&outcome, "late-march", LineKind::Accrual);
    assert_eq!(credit.amount, support::rub("200.00"));
    assert_eq!(credit.booked_at, utc(2024, 4, 1, 4, 0));
    assert_eq!(credit.month.to_string(), "2024-04");
}

/// In winter (EST, UTC-5) the same local midnight is an hour later in UTC: a payment on
/// 31 January 23:30 local is credited on 1 February 05:00 UTC.
#[test]
fn w_2_the_1st_of_the_month_follows_the_offset_in_force_that_day() {
    let mut book = Book::new();
    book.partner("p", utc(2024, 1, 2, 15, 0))
        .client("c", utc(2024, 1, 3, 15, 0), Some("p"))
        .pays(
            "late-january",
            utc(2024, 2, 1, 4, 30),
            "c",
            support::rub("1000"),
        );
    let outcome = evaluate(&wazzup_in_new_york(), &book.ledger()).unwrap();
    let credit = line(&outcome, "late-january", LineKind::Accrual);
    assert_eq!(credit.booked_at, utc(2024, 2, 1, 5, 0));
}

/// W-2's 12-month window from a registration on 9 March 2024 12:00 EST (17:00 UTC) ends on
/// 9 March 2025 12:00 EDT (16:00 UTC; the clocks went forward that morning): a payment at
/// 15:59 UTC earns, one at 16:00 does not (under a fixed offset the end would be 17:00).
#[test]
fn w_2_a_12_month_window_ends_at_the_same_local_time_across_daylight_saving() {
    let mut book = Book::new();
    book.partner("p", utc(2024, 1, 2, 15, 0))
        .client("c", utc(2024, 3, 9, 17, 0), Some("p"))
        .pays("inside", utc(2025, 3, 9, 15, 59), "c", support::rub("1000"))
        .pays("outside", utc(2025, 3, 9, 16, 0), "c", support::rub("1000"));
    let outcome = evaluate(&wazzup_in_new_york(), &book.ledger()).unwrap();
    assert_eq!(
        line(&outcome, "inside", LineKind::Accrual).amount,
        support::rub("200.00")
    );
    assert!(
        outcome
            .lines
            .iter()
            .all(|l| l.source_event.as_str() != "outside")
    );
}

/// Days are local days: three days after 9 March 12:00 EST is 12 March 12:00 EDT, 71
/// hours later; under a fixed offset it is always 72.
#[test]
fn a_day_across_the_spring_change_is_23_hours_long() {
    let at = utc(2024, 3, 9, 17, 0);
    assert_eq!(new_york().add_days(at, 3), Some(utc(2024, 3, 12, 16, 0)));
    assert_eq!(
        ProgramZone::UTC.add_days(at, 3),
        Some(utc(2024, 3, 12, 17, 0))
    );
    let day = |d| NaiveDate::from_ymd_opt(2024, 11, d).unwrap();
    // 3 November is 25 hours long in New York (clocks go back at 02:00).
    let length = new_york().start_of(day(4)) - new_york().start_of(day(3));
    assert_eq!(length.num_hours(), 25);
}

/// Chile moves its clocks forward at midnight: 8 September 2024 has no 00:00, so the day
/// starts at 01:00 (UTC-3), 04:00 UTC; the day before is 23 hours long.
#[test]
fn a_midnight_in_a_gap_starts_the_day_at_the_gaps_end() {
    let santiago: ProgramZone = "America/Santiago".parse().unwrap();
    let day = |d| NaiveDate::from_ymd_opt(2024, 9, d).unwrap();
    assert_eq!(santiago.start_of(day(8)), utc(2024, 9, 8, 4, 0));
    assert_eq!(santiago.start_of(day(7)), utc(2024, 9, 7, 4, 0));
    assert_eq!(santiago.date_of(utc(2024, 9, 8, 3, 59)), day(7));
    assert_eq!(santiago.date_of(utc(2024, 9, 8, 4, 0)), day(8));
    // A local time written in the gap is no time at all.
    assert!(santiago.local(2024, 9, 8, 0, 30, 0).is_err());
    // A repeated local time (New York, 3 November 01:30) is its earlier instant (EDT).
    assert_eq!(
        new_york().local(2024, 11, 3, 1, 30, 0),
        Ok(utc(2024, 11, 3, 5, 30))
    );
}

/// W-8's day count in local days: a year paid from 1 January 2025 (New York time) and
/// cancelled at local midnight on 1 May (EDT, 04:00 UTC) leaves 245 of 365 days unused:
/// 23,400 × 245 / 365 = 15,706.85; a second later 1 May is used: 244 days, 15,642.74. (A
/// fixed UTC-5 would read 04:00:01 UTC as 30 April and return 15,706.85 again.)
#[test]
fn w_8_unused_days_are_local_days_under_daylight_saving() {
    let local_midnight = new_york().local(2025, 5, 1, 0, 0, 0).unwrap();
    assert_eq!(local_midnight, utc(2025, 5, 1, 4, 0));
    for (cancelled_at, back) in [
        (local_midnight, "15706.85"),
        (local_midnight + chrono::Duration::seconds(1), "15642.74"),
    ] {
        let mut book = Book::new();
        book.partner("p", utc(2024, 12, 1, 14, 0))
            .top_up(
                "top-up",
                utc(2024, 12, 1, 14, 30),
                "p",
                support::rub("23400"),
            )
            .cabinet_client("c", utc(2024, 12, 2, 15, 0), "p");
        let mut year = commission_rules::Payment::by_client(
            "c".into(),
            commission_rules::PaymentKind::Subscription,
            support::rub("36000"),
        );
        year.paid_by = commission_rules::Payer::Partner("p".into());
        year.period = Some(commission_rules::Period {
            from: new_york().local(2025, 1, 1, 0, 0, 0).unwrap(),
            to: new_york().local(2026, 1, 1, 0, 0, 0).unwrap(),
        });
        let cancel = commission_rules::EventKind::SubscriptionCancelled {
            payment: "year".into(),
        };
        book.push(
            "year",
            utc(2024, 12, 20, 14, 0),
            commission_rules::EventKind::Payment(year),
        )
        .push("cancel", cancelled_at, cancel);
        let outcome = evaluate(&wazzup_in_new_york(), &book.ledger()).unwrap();
        assert_eq!(
            line(&outcome, "cancel", LineKind::Return).amount,
            support::rub(back)
        );
    }
}

/// A computed local time in a gap moves to the gap's end itself, not past it by its
/// seconds: 9 March 02:30:15 EST plus a day is 10 March 02:30:15, which does not exist;
/// the day's clocks read 03:00:00 EDT then (07:00 UTC).
#[test]
fn a_computed_time_in_a_gap_is_the_gaps_end() {
    let at = Utc.with_ymd_and_hms(2024, 3, 9, 7, 30, 15).unwrap();
    assert_eq!(new_york().add_days(at, 1), Some(utc(2024, 3, 10, 7, 0)));
}
