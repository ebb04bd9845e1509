//! LeadSender: three partners — a company, a self-employed person and an individual — each
//! with the same two clients (one paying the vendor directly, one collected by the
//! partner), showing what each is paid and why.
//!
//! Run: `cargo run --example leadsender`

use chrono::Duration;
use commission_rules::ledger::build::{self, money};
use commission_rules::{
    AttachBasis, Currency, Event, EventKind, Instant, Ledger, LegalForm, ProgramZone, evaluate,
    programs,
};

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

/// Noon on a day of 2024 Moscow time, the program's zone
/// (`programs::leadsender().time_zone`).
fn msk(month: u32, day: u32) -> Result<Instant> {
    Ok(ProgramZone::MOSCOW.local(2024, month, day, 12, 0, 0)?)
}

/// A year of widgets for 10,000 RUB from `at`, paid by the client unless a partner is
/// named.
fn widget_year(client: &str, paid_by_partner: Option<&str>, at: Instant) -> Result<EventKind> {
    let payment = build::payment(client, money("10000", Currency::RUB)?)
        .license(programs::leadsender::PRODUCT_LINE)
        .period(at, at + Duration::days(365));
    Ok(match paid_by_partner {
        Some(partner) => payment.paid_by_partner(partner),
        None => payment,
    }
    .into())
}

/// One partner's book: registration, contract, two clients reported before installation,
/// one paying the vendor, one paid for by the partner.
fn book(partner: &str, legal_form: LegalForm) -> Result<Vec<Event>> {
    let (direct, collected) = (format!("{partner}-direct"), format!("{partner}-collected"));
    let mut events = vec![
        Event::new(
            format!("{partner}-joins"),
            msk(1, 10)?,
            build::partner_registered(partner, legal_form, Currency::RUB),
        ),
        Event::new(
            format!("{partner}-signs"),
            msk(1, 11)?,
            build::contract_signed(partner),
        ),
    ];
    for client in [&direct, &collected] {
        events.push(Event::new(
            format!("{client}-joins"),
            msk(1, 12)?,
            build::client_self_registered(client.as_str()).into(),
        ));
        events.push(Event::new(
            format!("{client}-reported"),
            msk(1, 12)?,
            build::client_attached(client.as_str(), partner, AttachBasis::BeforeInstall),
        ));
    }
    events.push(Event::new(
        format!("{direct}-pays"),
        msk(2, 1)?,
        widget_year(&direct, None, msk(2, 1)?)?,
    ));
    events.push(Event::new(
        format!("{collected}-paid"),
        msk(2, 2)?,
        widget_year(&collected, Some(partner), msk(2, 2)?)?,
    ));
    Ok(events)
}

fn main() -> Result<()> {
    let mut events = Vec::new();
    for (partner, form) in [
        ("company", LegalForm::LegalEntity),
        ("selfemployed", LegalForm::SelfEmployed),
        ("individual", LegalForm::Individual),
    ] {
        events.extend(book(partner, form)?);
    }
    let ledger: Ledger = events.into();
    let outcome = evaluate(&programs::leadsender(), &ledger)?;

    println!("LeadSender — the same two 10,000 RUB widget years for three partners\n");
    for partner in ["company", "selfemployed", "individual"] {
        println!("{partner}:");
        for line in outcome.lines_for(&partner.into()) {
            let kind = format!("{:?}", line.kind).to_lowercase();
            println!(
                "  {kind:<11} {:<5} {:>10}  ({})",
                line.clause, line.amount, line.source_event
            );
            if let Some(note) = &line.explanation.note {
                println!("              {note}");
            }
        }
        for perk in outcome
            .entitlements
            .iter()
            .filter(|e| e.partner.as_str() == partner)
        {
            let until = perk
                .until
                .map(|u| u.date_naive().to_string())
                .unwrap_or_default();
            println!(
                "  entitlement {} ({}) from {} to {until}",
                perk.perk,
                perk.clause,
                perk.from.date_naive()
            );
        }
        if let Some(statement) = outcome
            .statements
            .iter()
            .rfind(|s| s.partner.as_str() == partner)
        {
            println!("  balance owed by the vendor: {}\n", statement.closing);
        }
    }
    Ok(())
}
