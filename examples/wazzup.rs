//! Wazzup: one integrator's year, told as its monthly statements.
//!
//! The studio starts alone with a RUB account (W-9), buys subscriptions for the clients it
//! signs up (W-1, 35 %), registers a client who pays in dollars by itself (W-2, W-6), opens
//! a KZT account for its Kazakh entity and has support link the two (W-7), reaches its
//! tenth client across both accounts in July (50 % from then on, and the W-10 perks),
//! tops up a client's WABA balance (W-5), and withdraws in November (W-9).
//!
//! Run: `cargo run --example wazzup`

use chrono::{DateTime, FixedOffset, TimeZone, Utc};
use commission_rules::{
    Currency, Event, EventKind, Ledger, LegalForm, Money, Month, Payer, Payment, PaymentKind,
    TopUpMethod, evaluate, programs,
};
use rust_decimal::Decimal;

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

fn msk(month: u32, day: u32, hour: u32) -> Result<DateTime<Utc>> {
    let moscow = FixedOffset::east_opt(3 * 3600).ok_or("offset")?;
    Ok(moscow
        .with_ymd_and_hms(2024, month, day, hour, 0, 0)
        .single()
        .ok_or("no such time")?
        .with_timezone(&Utc))
}

fn money(units: i64, currency: Currency) -> Money {
    Money::new(Decimal::from(units), currency)
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
    let register = |partner: &str, currency| EventKind::PartnerRegistered {
        partner: partner.into(),
        legal_form: LegalForm::LegalEntity,
        currency,
    };
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
            EventKind::PartnerTopUp {
                partner: "studio-kz".into(),
                amount: money(250_000, Currency::KZT),
                method: TopUpMethod::Invoice,
            },
        ),
        Event::new(
            "linked",
            msk(5, 1, 10)?,
            EventKind::AccountsLinked {
                partner: "studio".into(),
                other: "studio-kz".into(),
            },
        ),
        Event::new(
            "dollar-client-registers",
            msk(3, 1, 12)?,
            EventKind::ClientRegistered {
                client: "us-agency".into(),
                referrer: Some("studio".into()),
                promo_code: None,
                integration: None,
                via_partner_cabinet: false,
            },
        ),
        Event::new(
            "studio-withdraws",
            msk(11, 20, 12)?,
            EventKind::WithdrawalRequested {
                partner: "studio".into(),
                amount: money(10_000, Currency::RUB),
            },
        ),
    ])
}

fn clients() -> Result<Vec<Event>> {
    let mut events = Vec::new();
    for (account, client, month, day) in CLIENTS {
        events.push(Event::new(
            format!("{client}-registers"),
            msk(month, day, 10)?,
            EventKind::ClientRegistered {
                client: client.into(),
                referrer: None,
                promo_code: None,
                integration: None,
                via_partner_cabinet: false,
            },
        ));
        events.push(Event::new(
            format!("{client}-attached"),
            msk(month, day, 11)?,
            EventKind::ClientAttached {
                client: client.into(),
                partner: account.into(),
                basis: commission_rules::AttachBasis::Support,
                refused: false,
            },
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
            EventKind::PartnerTopUp {
                partner: "studio".into(),
                amount: money(15_000, Currency::RUB),
                method: TopUpMethod::Card,
            },
        ));
        events.push(Event::new(
            format!("cb-usd-{month}"),
            msk(month, 1, 0)?,
            EventKind::FxRate {
                base: Currency::USD,
                quote: Currency::RUB,
                rate: Decimal::new(8_900 + 50 * i64::from(month), 2),
            },
        ));
        for (account, client, attached_month, _) in CLIENTS {
            if attached_month > month {
                continue;
            }
            let price = match account {
                "studio" => money(3_000, Currency::RUB),
                _ => money(15_000, Currency::KZT),
            };
            let mut payment = Payment::by_client(client.into(), PaymentKind::Subscription, price);
            payment.paid_by = Payer::Partner(account.into());
            events.push(Event::new(
                format!("{client}-{month}"),
                msk(month, 25, 12)?,
                EventKind::Payment(payment),
            ));
        }
        if month >= 3 {
            let payment = Payment::by_client(
                "us-agency".into(),
                PaymentKind::Subscription,
                Money::new(Decimal::from(50), Currency::USD),
            );
            events.push(Event::new(
                format!("us-agency-{month}"),
                msk(month, 15, 16)?,
                EventKind::Payment(payment),
            ));
        }
    }
    let mut waba = Payment::by_client(
        "bakery".into(),
        PaymentKind::BalanceTopUp,
        money(10_000, Currency::RUB),
    );
    waba.paid_by = Payer::Partner("studio".into());
    events.push(Event::new(
        "bakery-waba",
        msk(9, 2, 12)?,
        EventKind::Payment(waba),
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
