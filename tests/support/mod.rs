//! Ledger builders shared by the integration tests, so scenarios read like the clauses.
#![allow(dead_code)]

pub mod generate;

use chrono::{TimeZone, Utc};
use commission_rules::{
    AttachBasis, ClientId, Currency, Event, EventKind, Instant, Ledger, LegalForm, Line, LineKind,
    Money, Outcome, PartnerId, Payer, Payment, PaymentKind, TopUpMethod,
};
use rust_decimal::Decimal;
use std::str::FromStr;

/// An instant given in Moscow time (UTC+03:00).
pub fn msk(year: i32, month: u32, day: u32, hour: u32, minute: u32) -> Instant {
    let utc = Utc
        .with_ymd_and_hms(year, month, day, hour, minute, 0)
        .unwrap();
    utc - chrono::Duration::hours(3)
}

/// An instant given in UTC.
pub fn utc(year: i32, month: u32, day: u32, hour: u32, minute: u32) -> Instant {
    Utc.with_ymd_and_hms(year, month, day, hour, minute, 0)
        .unwrap()
}

/// A decimal from text, exactly.
pub fn d(text: &str) -> Decimal {
    Decimal::from_str(text).unwrap()
}

/// Roubles.
pub fn rub(text: &str) -> Money {
    Money::new(d(text), Currency::RUB)
}

/// Euros.
pub fn eur(text: &str) -> Money {
    Money::new(d(text), Currency::EUR)
}

/// The lines of `kind` that event `source` produced.
pub fn lines_from<'a>(outcome: &'a Outcome, source: &str, kind: LineKind) -> Vec<&'a Line> {
    outcome
        .lines
        .iter()
        .filter(|l| l.source_event.as_str() == source && l.kind == kind)
        .collect()
}

/// The one line of `kind` that event `source` produced.
pub fn line_from<'a>(outcome: &'a Outcome, source: &str, kind: LineKind) -> &'a Line {
    let found = lines_from(outcome, source, kind);
    assert_eq!(found.len(), 1, "one {kind:?} line from {source}: {found:?}");
    found[0]
}

/// A ledger written event by event, with ids chosen by the test.
#[derive(Default)]
pub struct Book {
    pub events: Vec<Event>,
}

impl Book {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, id: &str, at: Instant, kind: EventKind) -> &mut Self {
        self.events.push(Event::new(id, at, kind));
        self
    }

    pub fn partner(&mut self, id: &str, at: Instant) -> &mut Self {
        self.partner_with(id, at, LegalForm::LegalEntity, Currency::RUB)
    }

    pub fn partner_with(
        &mut self,
        id: &str,
        at: Instant,
        legal_form: LegalForm,
        currency: Currency,
    ) -> &mut Self {
        let kind = EventKind::PartnerRegistered {
            partner: id.into(),
            legal_form,
            currency,
        };
        self.push(&format!("{id}-registers"), at, kind)
    }

    /// A client registering through `referrer`'s promo code (or on its own with `None`).
    pub fn client(&mut self, id: &str, at: Instant, referrer: Option<&str>) -> &mut Self {
        let kind = EventKind::ClientRegistered {
            client: id.into(),
            referrer: referrer.map(PartnerId::from),
            promo_code: referrer.map(|p| format!("PROMO-{p}")),
            integration: None,
            via_partner_cabinet: false,
        };
        self.push(&format!("{id}-registers"), at, kind)
    }

    /// A subscription payment made by the client itself.
    pub fn pays(&mut self, id: &str, at: Instant, client: &str, amount: Money) -> &mut Self {
        let payment = Payment::by_client(ClientId::from(client), PaymentKind::Subscription, amount);
        self.push(id, at, EventKind::Payment(payment))
    }

    /// A subscription payment a partner makes for the client.
    pub fn partner_pays(
        &mut self,
        id: &str,
        at: Instant,
        client: &str,
        partner: &str,
        amount: Money,
    ) -> &mut Self {
        let mut payment =
            Payment::by_client(ClientId::from(client), PaymentKind::Subscription, amount);
        payment.paid_by = Payer::Partner(partner.into());
        self.push(id, at, EventKind::Payment(payment))
    }

    pub fn attribute(&mut self, id: &str, at: Instant, client: &str, partner: &str) -> &mut Self {
        let kind = EventKind::AttributionCorrected {
            client: client.into(),
            partner: partner.into(),
        };
        self.push(id, at, kind)
    }

    pub fn status(&mut self, id: &str, at: Instant, partner: &str, status: &str) -> &mut Self {
        let kind = EventKind::StatusGranted {
            partner: partner.into(),
            status: status.into(),
        };
        self.push(id, at, kind)
    }

    pub fn fx(
        &mut self,
        id: &str,
        at: Instant,
        base: Currency,
        quote: Currency,
        rate: &str,
    ) -> &mut Self {
        self.push(
            id,
            at,
            EventKind::FxRate {
                base,
                quote,
                rate: d(rate),
            },
        )
    }

    /// A payment of any kind by any payer.
    pub fn payment(
        &mut self,
        id: &str,
        at: Instant,
        client: &str,
        paid_by: Payer,
        kind: PaymentKind,
        amount: Money,
    ) -> &mut Self {
        let mut payment = Payment::by_client(ClientId::from(client), kind, amount);
        payment.paid_by = paid_by;
        self.push(id, at, EventKind::Payment(payment))
    }

    /// A client registered through the partner's cabinet: the partner registers and holds it.
    pub fn cabinet_client(&mut self, id: &str, at: Instant, partner: &str) -> &mut Self {
        let kind = EventKind::ClientRegistered {
            client: id.into(),
            referrer: Some(partner.into()),
            promo_code: None,
            integration: None,
            via_partner_cabinet: true,
        };
        self.push(&format!("{id}-registers"), at, kind)
    }

    /// A client registered through the partner's cabinet with a CRM integration.
    pub fn integrated_client(
        &mut self,
        id: &str,
        at: Instant,
        partner: &str,
        integration: &str,
    ) -> &mut Self {
        let kind = EventKind::ClientRegistered {
            client: id.into(),
            referrer: Some(partner.into()),
            promo_code: None,
            integration: Some(integration.to_owned()),
            via_partner_cabinet: true,
        };
        self.push(&format!("{id}-registers"), at, kind)
    }

    /// The vendor's support attaches a client to a partner.
    pub fn attach(&mut self, id: &str, at: Instant, client: &str, partner: &str) -> &mut Self {
        let kind = EventKind::ClientAttached {
            client: client.into(),
            partner: partner.into(),
            basis: AttachBasis::Support,
            refused: false,
        };
        self.push(id, at, kind)
    }

    pub fn transfer(
        &mut self,
        id: &str,
        at: Instant,
        client: &str,
        to: &str,
        consent: bool,
    ) -> &mut Self {
        let kind = EventKind::ClientTransferred {
            client: client.into(),
            to: to.into(),
            consent,
        };
        self.push(id, at, kind)
    }

    pub fn release(&mut self, id: &str, at: Instant, client: &str) -> &mut Self {
        let kind = EventKind::ClientReleased {
            client: client.into(),
        };
        self.push(id, at, kind)
    }

    pub fn top_up(&mut self, id: &str, at: Instant, partner: &str, amount: Money) -> &mut Self {
        let kind = EventKind::PartnerTopUp {
            partner: partner.into(),
            amount,
            method: TopUpMethod::Card,
        };
        self.push(id, at, kind)
    }

    pub fn withdraw(&mut self, id: &str, at: Instant, partner: &str, amount: Money) -> &mut Self {
        let kind = EventKind::WithdrawalRequested {
            partner: partner.into(),
            amount,
        };
        self.push(id, at, kind)
    }

    pub fn link(&mut self, id: &str, at: Instant, partner: &str, other: &str) -> &mut Self {
        let kind = EventKind::AccountsLinked {
            partner: partner.into(),
            other: other.into(),
        };
        self.push(id, at, kind)
    }

    pub fn ledger(&self) -> Ledger {
        self.events.clone().into()
    }
}

/// A program shipped only as data, from `programs/NAME.json` (strictly read).
pub fn program_file(name: &str) -> commission_rules::RuleSet {
    let path = format!("{}/programs/{name}.json", env!("CARGO_MANIFEST_DIR"));
    commission_rules::RuleSet::from_json(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// A ledger written as JSON Lines, one event per line.
pub fn jsonl_ledger(jsonl: &str) -> Ledger {
    commission_rules::ledger::read_jsonl(jsonl.as_bytes())
        .collect::<Result<Vec<_>, _>>()
        .unwrap()
        .into_iter()
        .collect()
}

/// An instant written in RFC 3339 (`2025-11-20T05:00:00Z`).
pub fn at(text: &str) -> Instant {
    text.parse().unwrap()
}

/// The reward lines (accruals and adjustments) booked from one event.
pub fn rewards<'o>(outcome: &'o Outcome, source: &str) -> Vec<&'o Line> {
    outcome
        .lines
        .iter()
        .filter(|line| line.source_event.as_str() == source)
        .filter(|line| matches!(line.kind, LineKind::Accrual | LineKind::Adjustment))
        .collect()
}
