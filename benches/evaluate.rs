//! Evaluation speed on synthetic ledgers: whole Radist.Online ledgers of 10k and 100k
//! events (every line kept), 100k and 1M events statements-only on one and two threads,
//! the per-event cost of the same 10k-event book under each program (lenient:
//! events outside a program's terms are rejected, which is part of its cost), and a
//! snapshot + resume.
//!
//! Run: `cargo bench --bench evaluate`

use chrono::{Duration, TimeZone, Utc};
use commission_rules::{
    Currency, Engine, Event, EventKind, Ledger, LegalForm, Mode, Money, OutcomeDetail, Payment,
    PaymentKind, Snapshot, evaluate, evaluate_parallel, evaluate_with, evaluation_order, programs,
};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use rust_decimal::Decimal;
use std::hint::black_box;

/// `events` events: 1 partner per 100 clients, 1 client per 10 events, the rest payments.
fn synthetic_ledger(events: usize) -> Ledger {
    let start = Utc
        .with_ymd_and_hms(2022, 1, 1, 0, 0, 0)
        .single()
        .unwrap_or_default();
    let clients = (events / 10).max(1);
    let partners = (clients / 100).max(1);
    let mut ledger = Ledger::new();
    // For programs booking in euros.
    ledger.push(Event::new(
        "cb-eur",
        start,
        EventKind::FxRate {
            base: Currency::EUR,
            quote: Currency::RUB,
            rate: Decimal::from(100),
        },
    ));
    let mut at = start;
    let mut next = |ledger: &mut Ledger, id: String, kind: EventKind| {
        at += Duration::seconds(7);
        ledger.push(Event::new(id, at, kind));
    };
    for p in 0..partners {
        let kind = EventKind::PartnerRegistered {
            partner: format!("p{p}").as_str().into(),
            legal_form: LegalForm::LegalEntity,
            currency: Currency::RUB,
        };
        next(&mut ledger, format!("p{p}"), kind);
    }
    for c in 0..clients {
        let referrer = (c % 5 != 0).then(|| format!("p{}", c % partners).as_str().into());
        let kind = EventKind::ClientRegistered {
            client: format!("c{c}").as_str().into(),
            referrer,
            promo_code: None,
            integration: None,
            via_partner_cabinet: false,
        };
        next(&mut ledger, format!("c{c}"), kind);
    }
    for n in 0..events.saturating_sub(partners + clients) {
        let amount = Money::new(
            Decimal::new(100_000 + (n as i64 % 9_973) * 7, 2),
            Currency::RUB,
        );
        let payment = Payment::by_client(
            format!("c{}", n % clients).as_str().into(),
            PaymentKind::Subscription,
            amount,
        );
        next(&mut ledger, format!("pay{n}"), EventKind::Payment(payment));
    }
    ledger
}

fn whole_ledgers(c: &mut Criterion) {
    let program = programs::radist();
    let mut group = c.benchmark_group("radist/evaluate");
    group.sample_size(10);
    for events in [10_000usize, 100_000] {
        let ledger = synthetic_ledger(events);
        group.throughput(Throughput::Elements(events as u64));
        group.bench_with_input(BenchmarkId::from_parameter(events), &ledger, |b, ledger| {
            b.iter(|| black_box(evaluate(&program, ledger).map(|o| o.lines.len())))
        });
    }
    group.finish();
}

/// Large runs as a billing system would do them: statements-only, on one thread and on
/// two (partitioned by partner group, merged).
fn statements_only(c: &mut Criterion) {
    let program = programs::radist();
    let mut group = c.benchmark_group("radist/statements-only");
    group.sample_size(10);
    for events in [100_000usize, 1_000_000] {
        let ledger = synthetic_ledger(events);
        group.throughput(Throughput::Elements(events as u64));
        group.bench_with_input(
            BenchmarkId::new("1 thread", events),
            &ledger,
            |b, ledger| {
                b.iter(|| {
                    let mut engine =
                        Engine::with_detail(&program, Mode::Strict, OutcomeDetail::Statements)
                            .ok()?;
                    for event in evaluation_order(&program, ledger) {
                        engine.apply(event).ok()?;
                    }
                    black_box(engine.outcome().ok().map(|o| o.totals.len()))
                })
            },
        );
        group.bench_with_input(
            BenchmarkId::new("2 threads", events),
            &ledger,
            |b, ledger| {
                b.iter(|| {
                    black_box(
                        evaluate_parallel(&program, ledger, Mode::Strict, 2)
                            .map(|o| o.totals.len()),
                    )
                })
            },
        );
    }
    group.finish();
}

fn per_program(c: &mut Criterion) {
    let ledger = synthetic_ledger(10_000);
    let mut group = c.benchmark_group("per-program/10k");
    group.sample_size(10);
    group.throughput(Throughput::Elements(ledger.events().len() as u64));
    for program in [
        programs::radist(),
        programs::leadsender(),
        programs::wazzup(),
        programs::message_help(),
        programs::smart_soft(),
    ] {
        let name = program.program.as_str().to_owned();
        group.bench_with_input(BenchmarkId::from_parameter(name), &ledger, |b, ledger| {
            b.iter(|| {
                black_box(evaluate_with(&program, ledger, Mode::Lenient).map(|o| o.lines.len()))
            })
        });
    }
    group.finish();
}

fn snapshot_and_resume(c: &mut Criterion) {
    let program = programs::radist();
    let ledger = synthetic_ledger(10_000);
    let mut engine = match Engine::new(&program, Mode::Strict) {
        Ok(engine) => engine,
        Err(err) => panic!("the built-in program is valid: {err}"),
    };
    for event in ledger.events() {
        let _ = engine.apply(event);
    }
    let json = serde_json::to_string(&engine.snapshot()).unwrap_or_default();
    c.bench_function("radist/snapshot+resume 10k", |b| {
        b.iter(|| {
            let snapshot: Option<Snapshot> = serde_json::from_str(&json).ok();
            black_box(snapshot.map(|s| Engine::resume(&program, s, Mode::Strict).is_ok()))
        })
    });
}

criterion_group!(
    benches,
    whole_ledgers,
    statements_only,
    per_program,
    snapshot_and_resume
);
criterion_main!(benches);
