//! Structure-aware: the input is read as a sequence of small records, each decoded into
//! a well-formed event (registrations, attachments, payments in several currencies, FX
//! rates, top-ups, withdrawals, cancellations, status grants), so the fuzzer explores the
//! engine's rules rather than the JSON parser.
#![no_main]

use commission_rules::{
    ClientId, Currency, Event, EventKind, Ledger, LegalForm, Mode, Money, Payer, Payment,
    PaymentKind, TopUpMethod, evaluate_with, programs,
};
use libfuzzer_sys::fuzz_target;

const CURRENCIES: [Currency; 4] = [Currency::RUB, Currency::USD, Currency::EUR, Currency::KZT];

fn event(index: usize, record: &[u8]) -> Option<Event> {
    let [op, a, b, c, d, e] = record else {
        return None;
    };
    let at = chrono::DateTime::from_timestamp(1_700_000_000 + i64::from(index as u32) * 3_600, 0)?;
    let partner = || format!("p{}", a % 4).as_str().into();
    let client = || ClientId::new(format!("c{}", b % 8));
    let amount = Money::new(
        rust_decimal::Decimal::new(i64::from(u16::from_le_bytes([*c, *d])) + 1, 2),
        CURRENCIES[usize::from(*e) % 4],
    );
    let kind = match op % 9 {
        0 => EventKind::PartnerRegistered {
            partner: partner(),
            legal_form: LegalForm::LegalEntity,
            currency: CURRENCIES[usize::from(*e) % 4],
        },
        1 => EventKind::ClientRegistered {
            client: client(),
            referrer: (c % 2 == 0).then(partner),
            promo_code: (d % 2 == 0).then(|| "PROMO".to_owned()),
            integration: Some("kommo".to_owned()),
            via_partner_cabinet: c % 4 == 0,
        },
        2 => EventKind::ClientAttached {
            client: client(),
            partner: partner(),
            basis: commission_rules::AttachBasis::Evidence,
            refused: c % 3 == 0,
        },
        3 | 4 => {
            let mut payment = Payment::by_client(client(), PaymentKind::Subscription, amount);
            if op % 9 == 4 {
                payment.paid_by = Payer::Partner(partner());
            }
            EventKind::Payment(payment)
        }
        5 => EventKind::FxRate {
            base: CURRENCIES[usize::from(*a) % 4],
            quote: CURRENCIES[usize::from(*b) % 4],
            rate: rust_decimal::Decimal::new(i64::from(*c) + 1, 1),
        },
        6 => EventKind::PartnerTopUp {
            partner: partner(),
            amount,
            method: TopUpMethod::Card,
        },
        7 => EventKind::WithdrawalRequested {
            partner: partner(),
            amount,
        },
        _ => EventKind::StatusGranted {
            partner: partner(),
            status: ["authorized", "certified", "privileged"][usize::from(*c) % 3].into(),
        },
    };
    Some(Event::new(format!("e{index}"), at, kind))
}

fuzz_target!(|bytes: &[u8]| {
    let ledger: Ledger = bytes
        .chunks(6)
        .enumerate()
        .filter_map(|(index, record)| event(index, record))
        .collect();
    for program in [
        programs::radist(),
        programs::leadsender(),
        programs::wazzup(),
        programs::message_help(),
        programs::smart_soft(),
    ] {
        let _ = evaluate_with(&program, &ledger, Mode::Lenient);
    }
});
