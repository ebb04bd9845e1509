//! A small Radist.Online ledger — two partners, three clients, payments over two months and
//! one attribution correction — evaluated and printed as monthly statements, then as JSON.
//!
//! Run: `cargo run --example quickstart`

use commission_rules::ledger::build::{self, money};
use commission_rules::{Currency, Event, Ledger, LegalForm, evaluate, programs};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let program = programs::radist();
    // Times as the vendor writes them, in the program's zone (Moscow, +03:00).
    let msk = |month, day, hour| program.time_zone.local(2024, month, day, hour, 0, 0);
    let joins = |partner| build::partner_registered(partner, LegalForm::LegalEntity, Currency::RUB);
    let pays = |client, roubles| -> Result<_, build::InvalidAmount> {
        Ok(build::payment(client, money(roubles, Currency::RUB)?).into())
    };
    let promo = |client, partner: &str| {
        build::client_with_promo_code(client, partner, format!("PROMO-{partner}"))
    };
    let ledger: Ledger = vec![
        Event::new("alpha-joins", msk(2, 1, 10)?, joins("alpha")),
        Event::new("beta-joins", msk(2, 1, 11)?, joins("beta")),
        Event::new("shop-joins", msk(2, 3, 12)?, promo("shop", "alpha").into()),
        Event::new("cafe-joins", msk(2, 5, 9)?, promo("cafe", "beta").into()),
        // The clinic forgot to enter a promo code.
        Event::new(
            "clinic-joins",
            msk(2, 6, 16)?,
            build::client_self_registered("clinic").into(),
        ),
        Event::new("shop-pays-feb", msk(2, 10, 15)?, pays("shop", "5000")?),
        Event::new("cafe-pays-feb", msk(2, 27, 18)?, pays("cafe", "3490")?),
        Event::new("clinic-pays-feb", msk(2, 28, 12)?, pays("clinic", "12000")?),
        Event::new("shop-pays-mar", msk(3, 10, 15)?, pays("shop", "5000")?),
        // beta reports the clinic; the February payment is caught up in March.
        Event::new(
            "clinic-to-beta",
            msk(3, 12, 10)?,
            build::attribution_corrected("clinic", "beta"),
        ),
        Event::new("clinic-pays-mar", msk(3, 28, 12)?, pays("clinic", "12000")?),
    ]
    .into();

    let outcome = evaluate(&program, &ledger)?;

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
        let from = program
            .time_zone
            .local_time(perk.from)
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
