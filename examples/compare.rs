//! One integrator's 2025 book under the five programs, side by side.
//!
//! The same clients and payments, written in each program's vocabulary: six clients come
//! through the integrator's link and pay 3,000 RUB a month themselves; six more it signs
//! up, installs and pays for (3,000 RUB a month at list price). For Smart-Soft the paid
//! months are licence sales and renewals; for LeadSender every client is reported before
//! installation; the partner account is topped up where the program keeps one.
//!
//! Run: `cargo run --example compare`

use chrono::{DateTime, FixedOffset, TimeZone, Utc};
use commission_rules::{
    AttachBasis, ClientId, Currency, Event, EventKind, Ledger, LegalForm, Money, Payer, Payment,
    PaymentKind, RuleSet, TopUpMethod, compare_books, programs,
};
use rust_decimal::Decimal;

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

fn msk(month: u32, day: u32, hour: u32) -> Result<DateTime<Utc>> {
    let moscow = FixedOffset::east_opt(3 * 3600).ok_or("offset")?;
    Ok(moscow
        .with_ymd_and_hms(2025, month, day, hour, 0, 0)
        .single()
        .ok_or("no such time")?
        .with_timezone(&Utc))
}

fn money(units: i64, currency: Currency) -> Money {
    Money::new(Decimal::from(units), currency)
}

/// The book: (client, comes through the link (pays itself) or is paid for, month joined).
fn clients() -> Vec<(String, bool, u32)> {
    (1..=12u32)
        .map(|n| (format!("client-{n:02}"), n % 2 == 1, n))
        .collect()
}

/// The book in one program's vocabulary.
fn book(program: &str) -> Result<Ledger> {
    let partner = || "integrator".into();
    let mut events = vec![
        Event::new(
            "joins",
            msk(1, 1, 9)?,
            EventKind::PartnerRegistered {
                partner: partner(),
                legal_form: LegalForm::LegalEntity,
                currency: Currency::RUB,
            },
        ),
        Event::new(
            "contract",
            msk(1, 1, 10)?,
            EventKind::ContractSigned { partner: partner() },
        ),
        Event::new(
            "cb-eur",
            msk(1, 1, 11)?,
            EventKind::FxRate {
                base: Currency::EUR,
                quote: Currency::RUB,
                rate: Decimal::from(100),
            },
        ),
    ];
    let top_up = match program {
        "wazzup" => Some(money(300_000, Currency::RUB)),
        "message-help" => Some(money(3_000, Currency::EUR)),
        _ => None,
    };
    if let Some(amount) = top_up {
        events.push(Event::new(
            "top-up",
            msk(1, 1, 12)?,
            EventKind::PartnerTopUp {
                partner: partner(),
                amount,
                method: TopUpMethod::Invoice,
            },
        ));
    }
    for (client, through_link, joined) in clients() {
        events.push(Event::new(
            format!("{client}-registers"),
            msk(joined, 2, 10)?,
            EventKind::ClientRegistered {
                client: ClientId::new(client.clone()),
                referrer: Some(partner()),
                promo_code: through_link.then(|| "INTEGRATOR".to_owned()),
                // In the vocabulary of Message.Help only: the one program that declares
                // integrations (MH-3); the others would refuse the name.
                integration: (program == "message-help").then(|| "amocrm".to_owned()),
                via_partner_cabinet: !through_link,
            },
        ));
        if program == "leadsender" {
            events.push(Event::new(
                format!("{client}-reported"),
                msk(joined, 2, 11)?,
                EventKind::ClientAttached {
                    client: ClientId::new(client.clone()),
                    partner: partner(),
                    basis: AttachBasis::BeforeInstall,
                    refused: false,
                },
            ));
        }
        for month in joined..=12 {
            let kind = match (program, month == joined) {
                ("smart-soft", true) => PaymentKind::License {
                    product_line: "ti".into(),
                },
                ("smart-soft", false) => PaymentKind::Renewal {
                    product_line: "ti".into(),
                },
                _ => PaymentKind::Subscription,
            };
            let price = money(3_000, Currency::RUB);
            let mut payment = Payment::by_client(ClientId::new(client.clone()), kind, price);
            if !through_link {
                payment.paid_by = Payer::Partner(partner());
                payment.list_price = Some(price);
            }
            events.push(Event::new(
                format!("{client}-{month:02}"),
                msk(month, 20, 12)?,
                EventKind::Payment(payment),
            ));
        }
    }
    Ok(events.into())
}

fn main() -> Result<()> {
    let programs: Vec<RuleSet> = vec![
        programs::radist(),
        programs::leadsender(),
        programs::wazzup(),
        programs::message_help(),
        programs::smart_soft(),
    ];
    let ledgers = programs
        .iter()
        .map(|program| book(program.program.as_str()))
        .collect::<Result<Vec<_>>>()?;
    let books: Vec<(&RuleSet, &Ledger)> = programs.iter().zip(&ledgers).collect();
    let comparison = compare_books(&books)?;

    println!("One integrator's 2025 under five programs: what each pays, month by month\n");
    print!("{:<8}", "month");
    for program in &comparison.programs {
        print!("{:>18}", program.as_str());
    }
    println!();
    for row in &comparison.rows {
        print!("{:<8}", row.month.to_string());
        for cell in &row.earned {
            let text = cell.map_or_else(|| "-".to_owned(), |money| money.to_string());
            print!("{text:>18}");
        }
        println!();
    }
    println!();
    let integrator = "integrator".into();
    for (index, program) in comparison.programs.iter().enumerate() {
        let total = comparison
            .total(index, &integrator)
            .map_or_else(|| "nothing".to_owned(), |money| money.to_string());
        println!(
            "{:<13} earned over the year: {total} ({} events outside its terms)",
            program.as_str(),
            comparison.rejected[index]
        );
    }
    Ok(())
}
