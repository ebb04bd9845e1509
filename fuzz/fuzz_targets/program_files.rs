//! Arbitrary bytes as a program file: `RuleSet::from_json` reads and validates it (an
//! error naming the fault, never a panic); a program that validates is evaluated in
//! lenient mode over a small fixed ledger (registrations, payments in the program
//! currencies and others, an FX rate, a refund, a cancellation, a month-end checkpoint).
#![no_main]

use commission_rules::ledger::read_jsonl;
use commission_rules::{Ledger, Mode, RuleSet, evaluate_with};
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

const LEDGER: &str = r#"
{"id":"p1-joins","at":"2024-01-01T06:00:00Z","type":"partner_registered","partner":"p1","legal_form":"legal_entity","currency":"RUB"}
{"id":"p2-joins","at":"2024-01-01T07:00:00Z","type":"partner_registered","partner":"p2","legal_form":"sole_proprietor","currency":"EUR"}
{"id":"p1-signs","at":"2024-01-01T08:00:00Z","type":"contract_signed","partner":"p1"}
{"id":"p2-status","at":"2024-01-01T09:00:00Z","type":"status_granted","partner":"p2","status":"certified"}
{"id":"fx-eur","at":"2024-01-02T00:00:00Z","type":"fx_rate","base":"EUR","quote":"RUB","rate":"100.00"}
{"id":"fx-usd","at":"2024-01-02T00:00:00Z","type":"fx_rate","base":"RUB","quote":"USD","rate":"0.011"}
{"id":"c1-joins","at":"2024-01-10T07:00:00Z","type":"client_registered","client":"c1","referrer":"p1","promo_code":"P1","integration":"kommo"}
{"id":"c2-joins","at":"2024-01-11T07:00:00Z","type":"client_registered","client":"c2","referrer":"p2","via_partner_cabinet":true}
{"id":"c3-joins","at":"2024-01-12T07:00:00Z","type":"client_registered","client":"c3"}
{"id":"c3-attached","at":"2024-01-12T08:00:00Z","type":"client_attached","client":"c3","partner":"p1","basis":"evidence"}
{"id":"c1-jan","at":"2024-01-25T09:00:00Z","type":"payment","client":"c1","payment_kind":"subscription","paid_by":"client","amount":{"amount":"3000.00","currency":"RUB"},"period":{"from":"2024-01-25T00:00:00Z","to":"2024-02-25T00:00:00Z"}}
{"id":"c2-jan","at":"2024-01-26T09:00:00Z","type":"payment","client":"c2","payment_kind":"subscription","paid_by":{"partner":"p2"},"amount":{"amount":"50.00","currency":"EUR"},"list_price":{"amount":"60.00","currency":"EUR"}}
{"id":"c3-lic","at":"2024-01-27T09:00:00Z","type":"payment","client":"c3","payment_kind":"license","product_line":"ti","paid_by":{"partner":"p1"},"amount":{"amount":"10000.00","currency":"RUB"},"list_price":{"amount":"12000.00","currency":"RUB"}}
{"id":"c1-usd","at":"2024-01-28T09:00:00Z","type":"payment","client":"c1","payment_kind":"subscription","paid_by":"client","amount":{"amount":"40.00","currency":"USD"}}
{"id":"c1-refund","at":"2024-02-01T09:00:00Z","type":"refund","payment":"c1-jan","amount":{"amount":"500.00","currency":"RUB"}}
{"id":"c2-cancel","at":"2024-02-05T09:00:00Z","type":"subscription_cancelled","payment":"c2-jan"}
{"id":"p1-tops-up","at":"2024-02-06T09:00:00Z","type":"partner_top_up","partner":"p1","amount":{"amount":"1000.00","currency":"RUB"},"method":"card"}
{"id":"p1-withdraws","at":"2024-02-07T09:00:00Z","type":"withdrawal_requested","partner":"p1","amount":{"amount":"100.00","currency":"RUB"}}
{"id":"c1-feb","at":"2024-02-25T09:00:00Z","type":"payment","client":"c1","payment_kind":"subscription","paid_by":"client","amount":{"amount":"3000.00","currency":"RUB"}}
{"id":"april","at":"2024-04-30T00:00:00Z","type":"checkpoint"}
"#;

static EVENTS: LazyLock<Ledger> = LazyLock::new(|| {
    read_jsonl(LEDGER.as_bytes())
        .collect::<Result<Ledger, _>>()
        .expect("the fixed ledger reads")
});

fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    if let Ok(program) = RuleSet::from_json(text) {
        let _ = evaluate_with(&program, &EVENTS, Mode::Lenient);
    }
});
