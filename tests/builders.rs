//! The ledger builders (`ledger::build`): each builds the event written out by hand, reads
//! amounts and local times exactly or says why not, and a ledger written with them
//! evaluates to the figures of the clauses.

use chrono::{Duration, TimeZone, Utc};
use commission_rules::ledger::build::{self, decimal, money};
use commission_rules::{
    AttachBasis, Currency, Event, EventKind, InvalidAmount, InvalidLocalTime, Ledger, LegalForm,
    LineKind, Money, Payer, Payment, PaymentKind, Period, ProgramZone, SpecialistKind, TopUpMethod,
    evaluate, programs,
};
use rust_decimal::Decimal;

fn rub(minor: i64) -> Money {
    Money::new(Decimal::new(minor, 2), Currency::RUB)
}

#[test]
fn partner_and_client_events_are_the_events_written_by_hand() {
    let pairs: Vec<(EventKind, EventKind)> = vec![
        (
            build::partner_registered("p1", LegalForm::SoleProprietor, Currency::KZT),
            EventKind::PartnerRegistered {
                partner: "p1".into(),
                legal_form: LegalForm::SoleProprietor,
                currency: Currency::KZT,
            },
        ),
        (
            build::specialist_certified("p1", SpecialistKind::Technical),
            EventKind::SpecialistCertified {
                partner: "p1".into(),
                specialist: SpecialistKind::Technical,
            },
        ),
        (
            build::client_with_promo_code("c1", "p1", "P1")
                .integration("amocrm")
                .into(),
            EventKind::ClientRegistered {
                client: "c1".into(),
                referrer: Some("p1".into()),
                promo_code: Some("P1".into()),
                integration: Some("amocrm".into()),
                via_partner_cabinet: false,
            },
        ),
        (
            build::client_from_cabinet("c2", "p1").into(),
            EventKind::ClientRegistered {
                client: "c2".into(),
                referrer: Some("p1".into()),
                promo_code: None,
                integration: None,
                via_partner_cabinet: true,
            },
        ),
        (
            build::client_attachment_refused("c1", "p2", AttachBasis::ClientRequest),
            EventKind::ClientAttached {
                client: "c1".into(),
                partner: "p2".into(),
                basis: AttachBasis::ClientRequest,
                refused: true,
            },
        ),
        (
            build::client_transferred("c1", "p2", false),
            EventKind::ClientTransferred {
                client: "c1".into(),
                to: "p2".into(),
                consent: false,
            },
        ),
    ];
    for (built, by_hand) in pairs {
        assert_eq!(built, by_hand);
    }
}

#[test]
fn a_partner_paid_licence_is_the_payment_written_by_hand() {
    let (from, to) = (
        Utc.with_ymd_and_hms(2024, 1, 31, 21, 0, 0).unwrap(),
        Utc.with_ymd_and_hms(2025, 1, 31, 21, 0, 0).unwrap(),
    );
    let built = build::payment("c1", money("72000.50", Currency::RUB).unwrap())
        .license("ti")
        .paid_by_partner("p1")
        .list_price(money("80000", Currency::RUB).unwrap())
        .period(from, to)
        .build();
    // By hand: every field set (`Payment` is non-exhaustive, so from its constructor).
    let mut by_hand = Payment::by_client(
        "c1".into(),
        PaymentKind::License {
            product_line: "ti".into(),
        },
        rub(7_200_050),
    );
    by_hand.paid_by = Payer::Partner("p1".into());
    by_hand.list_price = Some(Money::new(Decimal::from(80_000), Currency::RUB));
    by_hand.period = Some(Period { from, to });
    assert_eq!(built, by_hand);
    // The same amount, digit for digit: the text's scale is kept.
    assert_eq!(built.amount.amount.to_string(), "72000.50");
}

#[test]
fn money_events_are_the_events_written_by_hand() {
    let amount = money("1500.25", Currency::RUB).unwrap();
    assert_eq!(amount, rub(150_025));
    assert_eq!(
        build::refund("c1-pays", amount),
        EventKind::Refund {
            payment: "c1-pays".into(),
            amount
        }
    );
    assert_eq!(
        build::fx_rate(Currency::USD, Currency::RUB, decimal("89.5").unwrap()),
        EventKind::FxRate {
            base: Currency::USD,
            quote: Currency::RUB,
            rate: Decimal::new(895, 1),
        }
    );
    assert_eq!(
        build::partner_top_up("p1", amount, TopUpMethod::Invoice),
        EventKind::PartnerTopUp {
            partner: "p1".into(),
            amount,
            method: TopUpMethod::Invoice
        }
    );
    assert_eq!(build::checkpoint(), EventKind::Checkpoint);
}

#[test]
fn amounts_are_read_exactly_or_refused() {
    for malformed in [
        "", "-", "+1", "1e3", "1_000", " 1", "1 ", ".5", "5.", "1.2.3", "--1", "1,5", "NaN",
    ] {
        assert_eq!(
            decimal(malformed),
            Err(InvalidAmount::Malformed(malformed.to_owned())),
            "{malformed:?}"
        );
    }
    // 29 decimal places, and more than 96 bits: either would be rounded.
    let too_fine = "0.12345678901234567890123456789";
    assert_eq!(
        decimal(too_fine),
        Err(InvalidAmount::Inexact(too_fine.into()))
    );
    let too_long = "123456789012345678901234567890";
    assert_eq!(
        decimal(too_long),
        Err(InvalidAmount::Inexact(too_long.into()))
    );
    // A sum that f64 gets wrong is exact.
    let sum = decimal("0.1").unwrap() + decimal("0.2").unwrap();
    assert_eq!(sum, decimal("0.3").unwrap());
    assert_eq!(decimal("-0.07").unwrap(), Decimal::new(-7, 2));

    assert_eq!(
        money("1000000000000", Currency::RUB).unwrap().amount,
        Money::MAX_AMOUNT
    );
    assert!(matches!(
        money("-1000000000000.01", Currency::RUB),
        Err(InvalidAmount::OutOfRange(_))
    ));
    assert_eq!(
        money("100.155", Currency::RUB),
        Err(InvalidAmount::TooPrecise {
            text: "100.155".into(),
            currency: Currency::RUB,
            minor_units: 2
        })
    );
    // Trailing zeros are not finer than the unit.
    assert!(money("100.150", Currency::RUB).is_ok());
}

#[test]
fn local_times_map_to_one_utc_instant_or_are_refused() {
    let moscow = programs::radist().time_zone;
    assert_eq!(
        moscow.local(2024, 2, 1, 0, 0, 0).unwrap(),
        Utc.with_ymd_and_hms(2024, 1, 31, 21, 0, 0).unwrap()
    );
    assert_eq!(
        moscow.parse_local("2024-02-01 00:00").unwrap(),
        moscow.local(2024, 2, 1, 0, 0, 0).unwrap()
    );
    let west: ProgramZone = "-05:30".parse().unwrap();
    assert_eq!(
        west.parse_local("2024-12-31 20:00:15").unwrap(),
        Utc.with_ymd_and_hms(2025, 1, 1, 1, 30, 15).unwrap()
    );
    // Every local time of a fixed offset names an instant: local time minus the offset.
    let start = moscow.local(2024, 1, 1, 0, 0, 0).unwrap();
    let later = moscow.local(2024, 3, 31, 2, 30, 0).unwrap();
    assert_eq!(later - start, Duration::days(90) + Duration::minutes(150));

    for (date, time) in [
        ((2023, 2, 29), (0, 0, 0)),
        ((2024, 4, 31), (0, 0, 0)),
        ((2024, 13, 1), (0, 0, 0)),
        ((2024, 1, 1), (24, 0, 0)),
        ((2024, 1, 1), (0, 60, 0)),
        ((2024, 1, 1), (0, 0, 60)),
    ] {
        let ((y, mo, d), (h, mi, s)) = (date, time);
        assert!(
            matches!(
                moscow.local(y, mo, d, h, mi, s),
                Err(InvalidLocalTime::NoSuchTime(_))
            ),
            "{date:?} {time:?}"
        );
    }
    assert_eq!(
        moscow.parse_local("2024-02-30 10:00"),
        Err(InvalidLocalTime::NoSuchTime("2024-02-30 10:00:00".into()))
    );
    // The supported years are UTC years: local midnight of 1 January 1900 in Moscow is
    // still 1899 in UTC; in New York, the last evening of 2199 is already 2200.
    assert!(matches!(
        moscow.local(1900, 1, 1, 0, 0, 0),
        Err(InvalidLocalTime::OutOfRange(_))
    ));
    assert!(moscow.local(1900, 1, 1, 3, 0, 0).is_ok());
    let new_york = ProgramZone::from_hours(-5).unwrap();
    assert!(matches!(
        new_york.local(2199, 12, 31, 19, 0, 0),
        Err(InvalidLocalTime::OutOfRange(_))
    ));
    for malformed in [
        "2024-02-01",
        "2024-02-01T00:00",
        "2024-2-01 00:00",
        "2024-02-01 0:00",
        "+024-02-01 00:00",
        "2024-02-01 00:00:0",
        "2024-02-01 00:00 ",
        "2024-02-01 00:00+03:00",
        "２０２４-02-01 00:00",
    ] {
        assert_eq!(
            moscow.parse_local(malformed),
            Err(InvalidLocalTime::Malformed(malformed.into())),
            "{malformed:?}"
        );
    }
}

/// Wazzup's W-1 (35 % of what a partner pays for its client) and W-2 (a referred client
/// paying by itself): a book written with the builders gives the clauses' figures.
#[test]
fn a_ledger_written_with_builders_evaluates_to_the_clause_figures() {
    let program = programs::wazzup();
    let msk = |text| program.time_zone.parse_local(text).unwrap();
    let rub = |text| money(text, Currency::RUB).unwrap();
    let ledger: Ledger = vec![
        Event::new(
            "studio-joins",
            msk("2024-01-01 08:00"),
            build::partner_registered("studio", LegalForm::LegalEntity, Currency::RUB),
        ),
        Event::new(
            "studio-top-up",
            msk("2024-01-01 09:00"),
            build::partner_top_up("studio", rub("15000"), TopUpMethod::Card),
        ),
        Event::new(
            "bakery-registers",
            msk("2024-01-10 10:00"),
            build::client_self_registered("bakery").into(),
        ),
        Event::new(
            "bakery-attached",
            msk("2024-01-10 11:00"),
            build::client_attached("bakery", "studio", AttachBasis::Support),
        ),
        Event::new(
            "bakery-1",
            msk("2024-01-25 12:00"),
            build::payment("bakery", rub("3000"))
                .paid_by_partner("studio")
                .into(),
        ),
    ]
    .into();
    let outcome = evaluate(&program, &ledger).unwrap();
    let discount = outcome
        .lines
        .iter()
        .find(|line| line.source_event.as_str() == "bakery-1" && line.kind == LineKind::Discount)
        .expect("a W-1 discount for the studio's purchase");
    assert_eq!(discount.clause.as_str(), "W-1");
    assert_eq!(discount.amount.to_string(), "1050.00 RUB"); // 35 % of 3,000
}
