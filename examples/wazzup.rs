//! Wazzup: one integrator's year, told as its monthly statements.
//!
//! The studio starts alone with a RUB account (W-9), buys subscriptions for the clients it
//! signs up (W-1, 35 %), registers a client who pays in dollars by itself (W-2, W-6), opens
//! a KZT account for its Kazakh entity and has support link the two (W-7), reaches its
//! tenth client across both accounts in July (50 % from then on, and the W-10 perks),
//! tops up a client's WABA balance (W-5), and withdraws in November (W-9).
//!
//! Run: `cargo run --example wazzup`

use commission_rules::ledger::build::{self, money};
use commission_rules::{
    AttachBasis, Currency, Event, Instant, Ledger, LegalForm, Money, Month, ProgramZone,
    TopUpMethod, evaluate, programs,
};
use rust_decimal::Decimal;

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

/// `hour`:00 on a day of 2024 Moscow time, the program's zone
/// (`programs::wazzup().time_zone`).
fn msk(month: u32, day: u32, hour: u32) -> Result<Instant> {
    Ok(ProgramZone::MOSCOW.local(2024, month, day, hour, 0, 0)?)
}

fn rub(text: &str) -> Result<Money> {
    Ok(money(text, Currency::RUB)?)
}

fn kzt(text: &str) -> Result<Money> {
    Ok(money(text, Currency::KZT)?)
}

/// The studio's clients: (account, client, month and day attached).
const CLIENTS: [(&str, &str, u32, u32); 10] = [
    ("studio", "bakery", 1, 10),
    ("studio", "dentist", 1, 15),
    ("studio", "florist", 1, 20),
    ("studio", "garage", 2, 12),
    ("studio", "hostel", 3, 4),
    ("studio", "jeweller", 4, 8),
    ("studio-kz", "almaty-cafe", 4, 10),
    ("studio-kz", "astana-gym", 4, 20),
    ("studio", "kiosk", 6, 3),
    ("studio-kz", "shymkent-spa", 7, 8),
];

/// Registration events for both accounts, the dollar-paying referral client, top-ups and
/// the link.
fn setup() -> Result<Vec<Event>> {
    let register =
        |partner, currency| build::partner_registered(partner, LegalForm::LegalEntity, currency);
    Ok(vec![
        Event::new(
            "studio-joins",
            msk(1, 1, 8)?,
            register("studio", Currency::RUB),
        ),
        Event::new(
            "kz-joins",
            msk(4, 1, 10)?,
            register("studio-kz", Currency::KZT),
        ),
        Event::new(
            "kz-top-up",
            msk(4, 1, 11)?,
            build::partner_top_up("studio-kz", kzt("250000")?, TopUpMethod::Invoice),
        ),
        Event::new(
            "linked",
            msk(5, 1, 10)?,
            build::accounts_linked("studio", "studio-kz"),
        ),
        Event::new(
            "dollar-client-registers",
            msk(3, 1, 12)?,
            build::client_referred("us-agency", "studio").into(),
        ),
        Event::new(
            "studio-withdraws",
            msk(11, 20, 12)?,
            build::withdrawal_requested("studio", rub("10000")?),
        ),
    ])
}

fn clients() -> Result<Vec<Event>> {
    let mut events = Vec::new();
    for (account, client, month, day) in CLIENTS {
        events.push(Event::new(
            format!("{client}-registers"),
            msk(month, day, 10)?,
            build::client_self_registered(client).into(),
        ));
        events.push(Event::new(
            format!("{client}-attached"),
            msk(month, day, 11)?,
            build::client_attached(client, account, AttachBasis::Support),
        ));
    }
    Ok(events)
}

/// Every month: a RUB top-up, the CB dollar rate, each held client's subscription bought
/// by its account on the 25th, and the dollar client's own $50.
fn monthly() -> Result<Vec<Event>> {
    let mut events = Vec::new();
    for month in 1..=12u32 {
        events.push(Event::new(
            format!("top-up-{month}"),
            msk(month, 1, 9)?,
            build::partner_top_up("studio", rub("15000")?, TopUpMethod::Card),
        ));
        events.push(Event::new(
            format!("cb-usd-{month}"),
            msk(month, 1, 0)?,
            build::fx_rate(
                Currency::USD,
                Currency::RUB,
                Decimal::new(8_900 + 50 * i64::from(month), 2),
            ),
        ));
        for (account, client, attached_month, _) in CLIENTS {
            if attached_month > month {
                continue;
            }
            let price = match account {
                "studio" => rub("3000")?,
                _ => kzt("15000")?,
            };
            events.push(Event::new(
                format!("{client}-{month}"),
                msk(month, 25, 12)?,
                build::payment(client, price)
                    .paid_by_partner(account)
                    .into(),
            ));
        }
        if month >= 3 {
            events.push(Event::new(
                format!("us-agency-{month}"),
                msk(month, 15, 16)?,
                build::payment("us-agency", money("50", Currency::USD)?).into(),
            ));
        }
    }
    events.push(Event::new(
        "bakery-waba",
        msk(9, 2, 12)?,
        build::payment("bakery", rub("10000")?)
            .balance_top_up()
            .paid_by_partner("studio")
            .into(),
    ));
    Ok(events)
}

fn main() -> Result<()> {
    let mut events = setup()?;
    events.extend(clients()?);
    events.extend(monthly()?);
    let ledger: Ledger = events.into();
    let program = programs::wazzup();
    let outcome = evaluate(&program, &ledger)?;

    println!("Wazzup — one integrator's 2024, month by month\n");
    for month in 1..=12 {
        let month = Month::new(2024, month).ok_or("month")?;
        for account in ["studio", "studio-kz"] {
            if let Some(statement) = outcome.statement(&account.into(), month) {
                println!("{statement}");
            }
        }
    }
    println!("Perks (W-10):");
    for perk in &outcome.entitlements {
        println!(
            "  {:<10} {:<26} from {}",
            perk.partner.as_str(),
            perk.perk.as_str(),
            program.time_zone.date_of(perk.from)
        );
    }
    Ok(())
}
