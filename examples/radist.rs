//! Radist.Online's terms modelled end to end: each worked example of
//! `shared/programs/radist.md` evaluated and printed with its figures.
//!
//! Run: `cargo run --example radist`

use commission_rules::ledger::build::{self, money};
use commission_rules::{
    Currency, Event, Instant, Ledger, LegalForm, LineKind, Outcome, evaluate, programs,
};

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

fn partner(id: &str, at: Instant) -> Event {
    let kind = build::partner_registered(id, LegalForm::LegalEntity, Currency::RUB);
    Event::new(format!("{id}-joins"), at, kind)
}

fn client(id: &str, at: Instant, referrer: Option<&str>) -> Event {
    let registration = match referrer {
        Some(p) => build::client_with_promo_code(id, p, format!("PROMO-{p}")),
        None => build::client_self_registered(id),
    };
    Event::new(format!("{id}-joins"), at, registration.into())
}

fn payment(id: &str, at: Instant, client: &str, roubles: &str) -> Result<Event> {
    let amount = money(roubles, Currency::RUB)?;
    Ok(Event::new(id, at, build::payment(client, amount).into()))
}

/// Prints every reward line with the figures behind it.
fn show(title: &str, outcome: &Outcome) {
    println!("== {title}");
    let moscow = programs::radist().time_zone;
    for line in outcome.lines.iter().filter(|l| l.kind != LineKind::Payout) {
        let e = &line.explanation;
        let base = e.base.map(|b| b.to_string()).unwrap_or_default();
        let rate = e.rate.map(|r| r.to_string()).unwrap_or_default();
        let due = line
            .due
            .map(|d| moscow.local_time(d).format("%d %b %H:%M").to_string())
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
            moscow.local_time(line.booked_at).format("%d %b %Y"),
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
    // `hour`:00 on a day in the program's zone, Moscow time.
    let msk = |year, month, day, hour| program.time_zone.local(year, month, day, hour, 0, 0);

    // 1.: 5,000 RUB on 10 March 2024 15:00 MSK → 2,000 RUB due 13 March 15:00.
    let example_1: Ledger = vec![
        partner("p1", msk(2024, 1, 10, 10)?),
        client("c1", msk(2024, 2, 1, 10)?, Some("p1")),
        payment("pay-10-mar", msk(2024, 3, 10, 15)?, "c1", "5000")?,
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
        payment("pay-jan", msk(2024, 1, 15, 10)?, "c1", "5000")?,
        payment("pay-feb", msk(2024, 2, 15, 10)?, "c1", "5000")?,
        Event::new(
            "attributed-5-mar",
            msk(2024, 3, 5, 10)?,
            build::attribution_corrected("c1", "p1"),
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
            build::status_granted("p1", programs::radist::REFERRAL_ONLY),
        ),
        client("c1", msk(2019, 12, 21, 10)?, Some("p1")),
        payment("pay-2020", msk(2020, 6, 1, 10)?, "c1", "10000")?,
        payment("pay-2021", msk(2021, 6, 1, 10)?, "c1", "10000")?,
    ]
    .into();
    show(
        "Example 3 (R-4): one client across the 2020 and 2021 versions",
        &evaluate(&program, &example_3)?,
    );
    Ok(())
}
