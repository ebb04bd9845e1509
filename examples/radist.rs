//! Radist.Online's terms modelled end to end: each worked example of
//! `shared/programs/radist.md` evaluated and printed with its figures.
//!
//! Run: `cargo run --example radist`

use chrono::{DateTime, FixedOffset, TimeZone, Utc};
use commission_rules::{
    Currency, Event, EventKind, Ledger, LegalForm, LineKind, Money, Outcome, Payment, PaymentKind,
    evaluate, programs,
};
use rust_decimal::Decimal;

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

fn msk(year: i32, month: u32, day: u32, hour: u32) -> Result<DateTime<Utc>> {
    let moscow = FixedOffset::east_opt(3 * 3600).ok_or("offset")?;
    let at = moscow
        .with_ymd_and_hms(year, month, day, hour, 0, 0)
        .single()
        .ok_or("no such time")?;
    Ok(at.with_timezone(&Utc))
}

fn partner(id: &str, at: DateTime<Utc>) -> Event {
    let kind = EventKind::PartnerRegistered {
        partner: id.into(),
        legal_form: LegalForm::LegalEntity,
        currency: Currency::RUB,
    };
    Event::new(format!("{id}-joins"), at, kind)
}

fn client(id: &str, at: DateTime<Utc>, referrer: Option<&str>) -> Event {
    let kind = EventKind::ClientRegistered {
        client: id.into(),
        referrer: referrer.map(Into::into),
        promo_code: referrer.map(|p| format!("PROMO-{p}")),
        integration: None,
        via_partner_cabinet: false,
    };
    Event::new(format!("{id}-joins"), at, kind)
}

fn payment(id: &str, at: DateTime<Utc>, client: &str, roubles: i64) -> Event {
    let amount = Money::new(Decimal::from(roubles), Currency::RUB);
    Event::new(
        id,
        at,
        EventKind::Payment(Payment::by_client(
            client.into(),
            PaymentKind::Subscription,
            amount,
        )),
    )
}

/// Prints every reward line with the figures behind it.
fn show(title: &str, outcome: &Outcome) {
    println!("== {title}");
    let moscow = programs::radist().time_zone.fixed();
    for line in outcome.lines.iter().filter(|l| l.kind != LineKind::Payout) {
        let e = &line.explanation;
        let base = e.base.map(|b| b.to_string()).unwrap_or_default();
        let rate = e.rate.map(|r| r.to_string()).unwrap_or_default();
        let due = line
            .due
            .map(|d| d.with_timezone(&moscow).format("%d %b %H:%M").to_string())
            .unwrap_or_default();
        let illustrative = if e.illustrative {
            " (illustrative rate)"
        } else {
            ""
        };
        println!(
            "   {:<10} {:<4} {base} x {rate} = {}{illustrative}, booked {} ({}), due {due}",
            format!("{:?}", line.kind).to_lowercase(),
            line.clause,
            line.amount,
            line.booked_at.with_timezone(&moscow).format("%d %b %Y"),
            line.month,
        );
        if let Some(note) = &e.note {
            println!("      {note}");
        }
    }
    println!();
}

fn main() -> Result<()> {
    let program = programs::radist();

    // 1.: 5,000 RUB on 10 March 2024 15:00 MSK → 2,000 RUB due 13 March 15:00.
    let example_1: Ledger = vec![
        partner("p1", msk(2024, 1, 10, 10)?),
        client("c1", msk(2024, 2, 1, 10)?, Some("p1")),
        payment("pay-10-mar", msk(2024, 3, 10, 15)?, "c1", 5_000),
    ]
    .into();
    show(
        "Example 1 (R-1, R-2): an attributed client pays 5,000 RUB",
        &evaluate(&program, &example_1)?,
    );

    // 2. R-3: no promo code in January; attributed on 5 March → two catch-up lines in March.
    let example_2: Ledger = vec![
        partner("p1", msk(2023, 12, 1, 10)?),
        client("c1", msk(2024, 1, 9, 10)?, None),
        payment("pay-jan", msk(2024, 1, 15, 10)?, "c1", 5_000),
        payment("pay-feb", msk(2024, 2, 15, 10)?, "c1", 5_000),
        Event::new(
            "attributed-5-mar",
            msk(2024, 3, 5, 10)?,
            EventKind::AttributionCorrected {
                client: "c1".into(),
                partner: "p1".into(),
            },
        ),
    ]
    .into();
    let outcome = evaluate(&program, &example_2)?;
    show("Example 2 (R-3): attribution restored on 5 March", &outcome);
    for statement in &outcome.statements {
        println!("{statement}");
    }

    // 3. R-4: a partially supporting partner, 10,000 in 2020 and 10,000 in 2021.
    let example_3: Ledger = vec![
        partner("p1", msk(2019, 11, 1, 10)?),
        Event::new(
            "p1-brings-only",
            msk(2019, 12, 20, 10)?,
            EventKind::StatusGranted {
                partner: "p1".into(),
                status: programs::radist::REFERRAL_ONLY.into(),
            },
        ),
        client("c1", msk(2019, 12, 21, 10)?, Some("p1")),
        payment("pay-2020", msk(2020, 6, 1, 10)?, "c1", 10_000),
        payment("pay-2021", msk(2021, 6, 1, 10)?, "c1", 10_000),
    ]
    .into();
    show(
        "Example 3 (R-4): one client across the 2020 and 2021 versions",
        &evaluate(&program, &example_3)?,
    );
    Ok(())
}
