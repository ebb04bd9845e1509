//! Smart-Soft (Traffic Inspector): one partner's 2024, from Authorized to Privileged,
//! ending with its qualification report.
//!
//! The integrator signs its contract in January (Authorized, SS-1), certifies an
//! engineer and is granted Certified in April (an NFR licence, SS-5), buys seats for its
//! own office (SS-3), certifies a salesperson and is granted Privileged in July (two NFR
//! licences, invoices due in 30 days, advance keys, the quarterly rebate: SS-4), and gets
//! a SPIF in December. Every sale earns a share of the list price by product line and
//! status (SS-2); each month's statement is its sales report (SS-6).
//!
//! Run: `cargo run --example smart_soft`

use commission_rules::ledger::build::{self, money};
use commission_rules::{
    Currency, Event, EventKind, Instant, Ledger, LegalForm, Money, Month, ProgramZone,
    SpecialistKind, evaluate, programs,
};

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

/// Noon on a day of 2024 Moscow time, the program's zone
/// (`programs::smart_soft().time_zone`).
fn msk(month: u32, day: u32) -> Result<Instant> {
    Ok(ProgramZone::MOSCOW.local(2024, month, day, 12, 0, 0)?)
}

fn rub(text: &str) -> Result<Money> {
    Ok(money(text, Currency::RUB)?)
}

/// Sales: (month, day, product line or renewal, list price, price charged to the client).
const SALES: [(u32, u32, &str, &str, &str); 12] = [
    (2, 5, "ti", "80000", "72000"),
    (3, 12, "ting", "150000", "150000"),
    (4, 9, "ti", "120000", "110000"),
    (5, 20, "depo-ti", "90000", "90000"),
    (6, 3, "renewal", "60000", "60000"),
    (7, 15, "ti", "200000", "190000"),
    (8, 8, "ting", "300000", "280000"),
    (9, 30, "ti", "150000", "150000"),
    (10, 14, "renewal", "100000", "100000"),
    (11, 11, "depo-ti", "180000", "170000"),
    (12, 2, "ti", "250000", "240000"),
    (12, 20, "renewal", "80000", "80000"),
];

fn partner_event(id: &str, month: u32, day: u32, kind: EventKind) -> Result<Event> {
    Ok(Event::new(id, msk(month, day)?, kind))
}

fn ledger() -> Result<Ledger> {
    let partner = "netguard";
    let mut events = vec![
        partner_event(
            "joins",
            1,
            10,
            build::partner_registered(partner, LegalForm::LegalEntity, Currency::RUB),
        )?,
        partner_event("contract", 1, 15, build::contract_signed(partner))?,
        partner_event(
            "customers-register",
            1,
            16,
            build::client_from_cabinet("customers", partner).into(),
        )?,
        partner_event(
            "engineer",
            3,
            20,
            build::specialist_certified(partner, SpecialistKind::Technical),
        )?,
        partner_event(
            "certified",
            4,
            1,
            build::status_granted(partner, "certified"),
        )?,
        partner_event(
            "office-seats",
            4,
            20,
            build::internal_purchase(partner, "ti", 60, rub("60000")?),
        )?,
        partner_event(
            "salesperson",
            6,
            25,
            build::specialist_certified(partner, SpecialistKind::Sales),
        )?,
        partner_event(
            "privileged",
            7,
            1,
            build::status_granted(partner, "privileged"),
        )?,
        partner_event("spif", 12, 23, build::spif_awarded(partner, rub("50000")?))?,
    ];
    for (n, (month, day, line, list, charged)) in SALES.into_iter().enumerate() {
        let sale = build::payment("customers", rub(charged)?)
            .paid_by_partner(partner)
            .list_price(rub(list)?);
        let sale = match line {
            "renewal" => sale.renewal("ti"),
            _ => sale.license(line),
        };
        events.push(Event::new(
            format!("sale-{:02}-{line}", n + 1),
            msk(month, day)?,
            sale.into(),
        ));
    }
    let year_end = ProgramZone::MOSCOW.parse_local("2025-01-01 00:00")?;
    events.push(Event::new("year-closed", year_end, build::checkpoint()));
    Ok(events.into())
}

fn main() -> Result<()> {
    let outcome = evaluate(&programs::smart_soft(), &ledger()?)?;
    println!("Smart-Soft — a Traffic Inspector partner's 2024\n");
    for month in [3, 4, 6, 7, 9, 12] {
        let month = Month::new(2024, month).ok_or("month")?;
        if let Some(statement) = outcome.statement(&"netguard".into(), month) {
            println!("{statement}");
        }
    }
    println!("Entitlements:");
    for perk in &outcome.entitlements {
        let until = perk
            .until
            .map_or_else(|| "open".to_owned(), |u| u.date_naive().to_string());
        println!(
            "  {:<22} {} from {} until {until}",
            perk.perk.as_str(),
            perk.clause,
            perk.from.date_naive()
        );
    }
    for report in outcome.qualifications.iter().filter(|r| r.year == 2024) {
        println!(
            "\nQualification {} {} ({}): status {}, sales {}, specialists {} technical / {} sales",
            report.partner,
            report.year,
            if report.complete { "final" } else { "so far" },
            report.status_held.as_ref().map_or("none", |s| s.as_str()),
            report.sales,
            report.technical_specialists,
            report.sales_specialists
        );
        for check in &report.checks {
            let verdict = match (check.met, check.short_by) {
                (Some(true), _) => "met".to_owned(),
                (Some(false), Some(short)) => format!("short by {short}"),
                (Some(false), None) => "not met".to_owned(),
                (None, _) => "not recorded: the vendor's call".to_owned(),
            };
            println!(
                "  {:<11} {}: {verdict}",
                check.status.as_str(),
                check.requirement
            );
        }
        let qualifies = report.qualifies_for.as_ref().map_or("none", |s| s.as_str());
        println!("  the figures qualify for: {qualifies}");
    }
    Ok(())
}
