//! LeadSender: three partners — a company, a self-employed person and an individual — each
//! with the same two clients (one paying the vendor directly, one collected by the
//! partner), showing what each is paid and why.
//!
//! Run: `cargo run --example leadsender`

use chrono::{DateTime, Duration, FixedOffset, TimeZone, Utc};
use commission_rules::{
    AttachBasis, Currency, Event, EventKind, Ledger, LegalForm, Money, Payer, Payment, PaymentKind,
    Period, evaluate, programs,
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

fn widget_year(client: &str, paid_by: Payer, at: DateTime<Utc>) -> EventKind {
    let mut payment = Payment::by_client(
        client.into(),
        PaymentKind::License {
            product_line: "widgets".into(),
        },
        Money::new(Decimal::from(10_000), Currency::RUB),
    );
    payment.paid_by = paid_by;
    payment.period = Some(Period {
        from: at,
        to: at + Duration::days(365),
    });
    EventKind::Payment(payment)
}

/// One partner's book: registration, contract, two clients reported before installation,
/// one paying the vendor, one paid for by the partner.
fn book(partner: &str, legal_form: LegalForm) -> Result<Vec<Event>> {
    let (direct, collected) = (format!("{partner}-direct"), format!("{partner}-collected"));
    let mut events = vec![
        Event::new(
            format!("{partner}-joins"),
            msk(1, 10)?,
            EventKind::PartnerRegistered {
                partner: partner.into(),
                legal_form,
                currency: Currency::RUB,
            },
        ),
        Event::new(
            format!("{partner}-signs"),
            msk(1, 11)?,
            EventKind::ContractSigned {
                partner: partner.into(),
            },
        ),
    ];
    for client in [&direct, &collected] {
        events.push(Event::new(
            format!("{client}-joins"),
            msk(1, 12)?,
            EventKind::ClientRegistered {
                client: client.as_str().into(),
                referrer: None,
                promo_code: None,
                integration: None,
                via_partner_cabinet: false,
            },
        ));
        events.push(Event::new(
            format!("{client}-reported"),
            msk(1, 12)?,
            EventKind::ClientAttached {
                client: client.as_str().into(),
                partner: partner.into(),
                basis: AttachBasis::BeforeInstall,
                refused: false,
            },
        ));
    }
    events.push(Event::new(
        format!("{direct}-pays"),
        msk(2, 1)?,
        widget_year(&direct, Payer::Client, msk(2, 1)?),
    ));
    events.push(Event::new(
        format!("{collected}-paid"),
        msk(2, 2)?,
        widget_year(&collected, Payer::Partner(partner.into()), msk(2, 2)?),
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
