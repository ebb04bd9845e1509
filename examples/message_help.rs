//! Message.Help: an integrator's first quarter, told as its monthly statements.
//!
//! The agency registers on 6 January 2025 with a 500 EUR welcome credit (MH-4) and tops
//! its partner account up (MH-7). Its first new clients' first months are covered by the
//! credit at the full tariff (what is left, 40 EUR, expires on 7 March); then it pays for
//! its CRM clients at 35 %, 40 % from its 5th and 50 % from its 10th client (MH-3), and
//! for one Altegio salon at a fixed 35 %. Two clients come through its promo code and pay
//! by themselves (MH-1 at 20 %, MH-2's 5 EUR bonus as the vendor's cost).
//!
//! Run: `cargo run --example message_help`

use commission_rules::ledger::build::{self, money};
use commission_rules::programs::message_help::ALTEGIO;
use commission_rules::{
    Currency, Event, Instant, Ledger, LegalForm, Money, Month, ProgramZone, TopUpMethod, evaluate,
    programs,
};

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

/// `hour`:00 on a day of 2025, UTC: the program's zone
/// (`programs::message_help().time_zone`).
fn at(month: u32, day: u32, hour: u32) -> Result<Instant> {
    Ok(ProgramZone::UTC.local(2025, month, day, hour, 0, 0)?)
}

fn eur(text: &str) -> Result<Money> {
    Ok(money(text, Currency::EUR)?)
}

/// The agency's integrator clients: name, integration, registered (month, day), and the
/// monthly price it pays for them.
const INTEGRATOR_CLIENTS: [(&str, &str, u32, u32, &str); 11] = [
    ("bakery", "amocrm", 1, 8, "120"),
    ("dentist", "kommo", 1, 15, "150"),
    ("florist", "bitrix24", 1, 22, "90"),
    ("garage", "amocrm", 2, 3, "100"),
    ("hostel", "message-help-crm", 3, 10, "100"),
    ("salon", ALTEGIO, 3, 11, "80"),
    ("jeweller", "kommo", 3, 12, "100"),
    ("kiosk", "amocrm", 3, 14, "60"),
    ("lawyer", "bitrix24", 3, 17, "100"),
    ("market", "kommo", 3, 20, "100"),
    ("notary", "amocrm", 3, 24, "100"),
];

fn ledger() -> Result<Ledger> {
    let mut events = vec![
        Event::new(
            "agency-joins",
            at(1, 6, 9)?,
            build::partner_registered("agency", LegalForm::LegalEntity, Currency::EUR),
        ),
        Event::new(
            "agency-top-up",
            at(1, 6, 10)?,
            build::partner_top_up("agency", eur("3000")?, TopUpMethod::Invoice),
        ),
    ];
    for (client, integration, month, day, _) in INTEGRATOR_CLIENTS {
        events.push(Event::new(
            format!("{client}-registers"),
            at(month, day, 11)?,
            build::client_from_cabinet(client, "agency")
                .integration(integration)
                .into(),
        ));
    }
    for (client, day) in [("cafe", 10), ("studio", 20)] {
        events.push(Event::new(
            format!("{client}-registers"),
            at(1, day, 12)?,
            build::client_with_promo_code(client, "agency", "AGENCY5")
                .integration("kommo")
                .into(),
        ));
    }
    // Every integrator client is paid for on its registration day, then monthly on the
    // 28th; the promo-code clients pay 50 EUR by themselves on the 25th.
    for month in 1..=3u32 {
        for (client, _, registered_month, day, price) in INTEGRATOR_CLIENTS {
            let days = match registered_month {
                m if m == month => vec![day, 28],
                m if m < month => vec![28],
                _ => vec![],
            };
            for day in days {
                events.push(Event::new(
                    format!("{client}-{month}-{day}"),
                    at(month, day, 15)?,
                    build::payment(client, eur(price)?)
                        .paid_by_partner("agency")
                        .into(),
                ));
            }
        }
        for client in ["cafe", "studio"] {
            events.push(Event::new(
                format!("{client}-{month}"),
                at(month, 25, 16)?,
                build::payment(client, eur("50")?).into(),
            ));
        }
    }
    Ok(events.into())
}

fn main() -> Result<()> {
    let program = programs::message_help();
    let outcome = evaluate(&program, &ledger()?)?;
    println!("Message.Help — an integrator's first quarter of 2025\n");
    for month in 1..=3 {
        let month = Month::new(2025, month).ok_or("month")?;
        if let Some(statement) = outcome.statement(&"agency".into(), month) {
            println!("{statement}");
        }
    }
    Ok(())
}
