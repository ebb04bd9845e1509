//! A small Radist.Online ledger — two partners, three clients, payments over two months and
//! one attribution correction — evaluated and printed as monthly statements, then as JSON.
//!
//! Run: `cargo run --example quickstart`

use chrono::{DateTime, TimeZone, Utc};
use commission_rules::{
    Currency, Event, EventKind, Ledger, LegalForm, Money, Payment, PaymentKind, evaluate, programs,
};
use rust_decimal::Decimal;

/// 2024-`month`-`day` at `hour`:00 Moscow time, as UTC.
fn msk(month: u32, day: u32, hour: u32) -> Result<DateTime<Utc>, String> {
    let local = chrono::FixedOffset::east_opt(3 * 3600).ok_or("offset")?;
    local
        .with_ymd_and_hms(2024, month, day, hour, 0, 0)
        .single()
        .map(|at| at.with_timezone(&Utc))
        .ok_or_else(|| format!("no such time: 2024-{month}-{day} {hour}:00"))
}

fn rub(amount: i64) -> Money {
    Money::new(Decimal::from(amount), Currency::RUB)
}

fn registers_partner(id: &str) -> EventKind {
    EventKind::PartnerRegistered {
        partner: id.into(),
        legal_form: LegalForm::LegalEntity,
        currency: Currency::RUB,
    }
}

fn registers_client(id: &str, promo_code_of: Option<&str>) -> EventKind {
    EventKind::ClientRegistered {
        client: id.into(),
        referrer: promo_code_of.map(Into::into),
        promo_code: promo_code_of.map(|p| format!("PROMO-{p}")),
        integration: None,
        via_partner_cabinet: false,
    }
}

fn pays(client: &str, amount: i64) -> EventKind {
    EventKind::Payment(Payment::by_client(
        client.into(),
        PaymentKind::Subscription,
        rub(amount),
    ))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let ledger: Ledger = vec![
        Event::new("alpha-joins", msk(2, 1, 10)?, registers_partner("alpha")),
        Event::new("beta-joins", msk(2, 1, 11)?, registers_partner("beta")),
        Event::new(
            "shop-joins",
            msk(2, 3, 12)?,
            registers_client("shop", Some("alpha")),
        ),
        Event::new(
            "cafe-joins",
            msk(2, 5, 9)?,
            registers_client("cafe", Some("beta")),
        ),
        // The clinic forgot to enter a promo code.
        Event::new(
            "clinic-joins",
            msk(2, 6, 16)?,
            registers_client("clinic", None),
        ),
        Event::new("shop-pays-feb", msk(2, 10, 15)?, pays("shop", 5_000)),
        Event::new("cafe-pays-feb", msk(2, 27, 18)?, pays("cafe", 3_490)),
        Event::new("clinic-pays-feb", msk(2, 28, 12)?, pays("clinic", 12_000)),
        Event::new("shop-pays-mar", msk(3, 10, 15)?, pays("shop", 5_000)),
        // beta reports the clinic; the February payment is caught up in March.
        Event::new(
            "clinic-to-beta",
            msk(3, 12, 10)?,
            EventKind::AttributionCorrected {
                client: "clinic".into(),
                partner: "beta".into(),
            },
        ),
        Event::new("clinic-pays-mar", msk(3, 28, 12)?, pays("clinic", 12_000)),
    ]
    .into();

    let outcome = evaluate(&programs::radist(), &ledger)?;

    println!("Radist.Online — {} events evaluated\n", ledger.len());
    for statement in &outcome.statements {
        println!("{statement}");
    }
    for board in &outcome.leaderboards {
        println!("Leaderboard {} ({}):", board.month, board.clause);
        for entry in &board.entries {
            println!(
                "  {}. {:<6} {:>10} {}, {} new client(s)",
                entry.rank,
                entry.partner,
                entry.credited.amount,
                entry.credited.currency,
                entry.new_clients
            );
        }
    }
    for perk in &outcome.entitlements {
        let from = perk
            .from
            .with_timezone(&programs::radist().time_zone.fixed())
            .format("%Y-%m-%d %H:%M %:z");
        println!(
            "Entitlement: {} has {} from {from} ({})",
            perk.partner, perk.perk, perk.clause
        );
    }
    println!("\nThe same statements as JSON:");
    println!("{}", serde_json::to_string_pretty(&outcome.statements)?);
    Ok(())
}
