//! Scaling checks (issue 17): each scenario at n, 2n, 4n and 8n, reported per element, so
//! linear work shows as a flat time per element (within 15 %) and super-linear work as a
//! growing one. Release mode only; never a timed test.
//!
//! - `retroactive-tiers`: one partner gains n clients in one month, each paying once,
//!   under `example-saas` (SAAS-1: 30 % from the 5th client, retroactive to the month).
//! - `linked-accounts`: a chain of n linked Wazzup accounts (W-7 shares the attached
//!   count), each holding a client that its partner pays for.
//! - `payout-runs`: n `example-saas` partners each below the 50 EUR monthly minimum
//!   (SAAS-4), then a checkpoint in 2199: carried lines wait for a change, not a run a month.
//!
//! Each scenario is measured twice: `NAME` is the whole evaluation (the outcome's sorting,
//! n log n, included); `NAME-events` only the events going through `Engine::apply` (the
//! work per event, which must stay flat).
//!
//! Run: `cargo bench --bench scaling`

use chrono::{Duration, TimeZone, Utc};
use commission_rules::{
    Currency, Engine, Event, EventKind, Instant, Ledger, LegalForm, Mode, Money, Payer, Payment,
    PaymentKind, RuleSet, evaluate_with, evaluation_order, programs,
};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use rust_decimal::Decimal;
use std::hint::black_box;

const SIZES: [usize; 4] = [500, 1_000, 2_000, 4_000];

fn start() -> Instant {
    Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0)
        .single()
        .unwrap_or_default()
}

fn example_saas() -> RuleSet {
    let json = include_str!("../programs/example-saas.json");
    RuleSet::from_json(json).unwrap_or_else(|_| programs::wazzup())
}

fn partner(id: &str) -> EventKind {
    EventKind::PartnerRegistered {
        partner: id.into(),
        legal_form: LegalForm::LegalEntity,
        currency: Currency::EUR,
    }
}

fn referred(client: &str, partner: &str) -> EventKind {
    EventKind::ClientRegistered {
        client: client.into(),
        referrer: Some(partner.into()),
        promo_code: None,
        integration: None,
        via_partner_cabinet: false,
    }
}

fn pays(client: &str, amount: Money) -> EventKind {
    EventKind::Payment(Payment::by_client(
        client.into(),
        PaymentKind::Subscription,
        amount,
    ))
}

/// One partner, n clients registering and paying 10 EUR within January.
fn retroactive_tiers(n: usize) -> Ledger {
    let mut ledger = Ledger::new();
    let seconds = |i: usize| Duration::seconds(i64::try_from(i).unwrap_or(0));
    ledger.push(Event::new("p", start(), partner("p")));
    for i in 0..n {
        let at = start() + Duration::minutes(1) + seconds(2 * i);
        let client = format!("c{i}");
        ledger.push(Event::new(format!("r{i}"), at, referred(&client, "p")));
        let amount = Money::new(Decimal::from(10), Currency::EUR);
        ledger.push(Event::new(
            format!("pay{i}"),
            at + seconds(1),
            pays(&client, amount),
        ));
    }
    ledger
}

/// n Wazzup accounts linked in a chain, each holding a cabinet client it pays for.
fn linked_accounts(n: usize) -> Ledger {
    let mut ledger = Ledger::new();
    let mut at = start();
    let mut push = |ledger: &mut Ledger, id: String, kind: EventKind| {
        at += Duration::seconds(1);
        ledger.push(Event::new(id, at, kind));
    };
    for i in 0..n {
        let id = format!("p{i}");
        let kind = EventKind::PartnerRegistered {
            partner: id.as_str().into(),
            legal_form: LegalForm::LegalEntity,
            currency: Currency::RUB,
        };
        push(&mut ledger, format!("{id}-joins"), kind);
        if i > 0 {
            let kind = EventKind::AccountsLinked {
                partner: format!("p{}", i - 1).as_str().into(),
                other: id.as_str().into(),
            };
            push(&mut ledger, format!("link{i}"), kind);
        }
        let client = EventKind::ClientRegistered {
            client: format!("c{i}").as_str().into(),
            referrer: Some(id.as_str().into()),
            promo_code: None,
            integration: None,
            via_partner_cabinet: true,
        };
        push(&mut ledger, format!("c{i}-joins"), client);
        let mut payment = Payment::by_client(
            format!("c{i}").as_str().into(),
            PaymentKind::Subscription,
            Money::new(Decimal::from(100), Currency::RUB),
        );
        payment.paid_by = Payer::Partner(id.as_str().into());
        push(&mut ledger, format!("pay{i}"), EventKind::Payment(payment));
    }
    ledger
}

/// n partners with one client paying 10 EUR each (a 2.50 EUR reward), then a checkpoint
/// in 2199.
fn payout_runs(n: usize) -> Ledger {
    let mut ledger = Ledger::new();
    for i in 0..n {
        let at = start() + Duration::seconds(i64::try_from(3 * i).unwrap_or(0));
        let (id, client) = (format!("p{i}"), format!("c{i}"));
        ledger.push(Event::new(format!("{id}-joins"), at, partner(&id)));
        let registered = at + Duration::seconds(1);
        ledger.push(Event::new(
            format!("{client}-joins"),
            registered,
            referred(&client, &id),
        ));
        let amount = Money::new(Decimal::from(10), Currency::EUR);
        let paid = at + Duration::seconds(2);
        ledger.push(Event::new(format!("pay{i}"), paid, pays(&client, amount)));
    }
    let end = Utc
        .with_ymd_and_hms(2199, 12, 1, 0, 0, 0)
        .single()
        .unwrap_or_default();
    ledger.push(Event::new("checkpoint", end, EventKind::Checkpoint));
    ledger
}

/// A scenario's name, its program and its ledger of size n.
type Scenario<'p> = (&'static str, &'p RuleSet, fn(usize) -> Ledger);

fn scaling(c: &mut Criterion) {
    let saas = example_saas();
    let wazzup = programs::wazzup();
    let scenarios: [Scenario<'_>; 3] = [
        ("retroactive-tiers", &saas, retroactive_tiers),
        ("linked-accounts", &wazzup, linked_accounts),
        ("payout-runs", &saas, payout_runs),
    ];
    for (name, program, ledger_of) in scenarios {
        let mut group = c.benchmark_group(name);
        group.sample_size(10);
        for n in SIZES {
            let ledger = ledger_of(n);
            group.throughput(Throughput::Elements(u64::try_from(n).unwrap_or(0)));
            group.bench_with_input(BenchmarkId::from_parameter(n), &ledger, |b, ledger| {
                b.iter(|| evaluate_with(program, black_box(ledger), Mode::Lenient))
            });
        }
        group.finish();
        let mut group = c.benchmark_group(format!("{name}-events"));
        group.sample_size(10);
        for n in SIZES {
            let ledger = ledger_of(n);
            group.throughput(Throughput::Elements(u64::try_from(n).unwrap_or(0)));
            group.bench_with_input(BenchmarkId::from_parameter(n), &ledger, |b, ledger| {
                b.iter(|| applied(program, black_box(ledger)))
            });
        }
        group.finish();
    }
}

/// The events of a ledger through `Engine::apply`, in evaluation order; no outcome.
fn applied(program: &RuleSet, ledger: &Ledger) -> usize {
    let Ok(mut engine) = Engine::new(program, Mode::Lenient) else {
        return 0;
    };
    let mut applied = 0;
    for event in evaluation_order(program, ledger) {
        applied += usize::from(engine.apply(event).is_ok());
    }
    applied
}

criterion_group!(benches, scaling);
criterion_main!(benches);
