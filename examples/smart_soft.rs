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

use chrono::{DateTime, FixedOffset, TimeZone, Utc};
use commission_rules::{
    Currency, Event, EventKind, Ledger, LegalForm, Money, Month, Payer, Payment, PaymentKind,
    SpecialistKind, evaluate, programs,
};
use rust_decimal::Decimal;

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

fn msk(month: u32, day: u32) -> Result<DateTime<Utc>> {
    let moscow = FixedOffset::east_opt(3 * 3600).ok_or("offset")?;
    Ok(moscow
        .with_ymd_and_hms(2024, month, day, 12, 0, 0)
        .single()
        .ok_or("no such time")?
        .with_timezone(&Utc))
}

fn rub(units: i64) -> Money {
    Money::new(Decimal::from(units), Currency::RUB)
}

/// Sales: (month, day, product line or renewal, list price, price charged to the client).
const SALES: [(u32, u32, &str, i64, i64); 12] = [
    (2, 5, "ti", 80_000, 72_000),
    (3, 12, "ting", 150_000, 150_000),
    (4, 9, "ti", 120_000, 110_000),
    (5, 20, "depo-ti", 90_000, 90_000),
    (6, 3, "renewal", 60_000, 60_000),
    (7, 15, "ti", 200_000, 190_000),
    (8, 8, "ting", 300_000, 280_000),
    (9, 30, "ti", 150_000, 150_000),
    (10, 14, "renewal", 100_000, 100_000),
    (11, 11, "depo-ti", 180_000, 170_000),
    (12, 2, "ti", 250_000, 240_000),
    (12, 20, "renewal", 80_000, 80_000),
];

fn partner_event(id: &str, month: u32, day: u32, kind: EventKind) -> Result<Event> {
    Ok(Event::new(id, msk(month, day)?, kind))
}

fn ledger() -> Result<Ledger> {
    let partner = || "netguard".into();
    let status = |status: &str| EventKind::StatusGranted {
        partner: partner(),
        status: status.into(),
    };
    let certify = |specialist| EventKind::SpecialistCertified {
        partner: partner(),
        specialist,
    };
    let mut events = vec![
        partner_event(
            "joins",
            1,
            10,
            EventKind::PartnerRegistered {
                partner: partner(),
                legal_form: LegalForm::LegalEntity,
                currency: Currency::RUB,
            },
        )?,
        partner_event(
            "contract",
            1,
            15,
            EventKind::ContractSigned { partner: partner() },
        )?,
        partner_event(
            "customers-register",
            1,
            16,
            EventKind::ClientRegistered {
                client: "customers".into(),
                referrer: Some(partner()),
                promo_code: None,
                integration: None,
                via_partner_cabinet: true,
            },
        )?,
        partner_event("engineer", 3, 20, certify(SpecialistKind::Technical))?,
        partner_event("certified", 4, 1, status("certified"))?,
        partner_event(
            "office-seats",
            4,
            20,
            EventKind::InternalPurchase {
                partner: partner(),
                product_line: "ti".into(),
                seats: 60,
                list_price: rub(60_000),
            },
        )?,
        partner_event("salesperson", 6, 25, certify(SpecialistKind::Sales))?,
        partner_event("privileged", 7, 1, status("privileged"))?,
        partner_event(
            "spif",
            12,
            23,
            EventKind::SpifAwarded {
                partner: partner(),
                amount: rub(50_000),
            },
        )?,
    ];
    for (n, (month, day, line, list, charged)) in SALES.into_iter().enumerate() {
        let kind = match line {
            "renewal" => PaymentKind::Renewal {
                product_line: "ti".into(),
            },
            _ => PaymentKind::License {
                product_line: line.into(),
            },
        };
        let mut payment = Payment::by_client("customers".into(), kind, rub(charged));
        payment.paid_by = Payer::Partner(partner());
        payment.list_price = Some(rub(list));
        events.push(Event::new(
            format!("sale-{:02}-{line}", n + 1),
            msk(month, day)?,
            EventKind::Payment(payment),
        ));
    }
    let year_end = FixedOffset::east_opt(3 * 3600)
        .ok_or("offset")?
        .with_ymd_and_hms(2025, 1, 1, 0, 0, 0)
        .single()
        .ok_or("no such time")?
        .with_timezone(&Utc);
    events.push(Event::new("year-closed", year_end, EventKind::Checkpoint));
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
