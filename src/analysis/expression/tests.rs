use serde_json::{Value, json};

use super::to_sql::{SqlParam, to_sql};
use super::*;

fn feature(properties: Value) -> Feature {
    let Value::Object(map) = properties else {
        panic!("properties must be an object");
    };
    Feature::new(geo::Point::new(106.5, 29.5).into(), map, 0)
}

fn keeps(text: &str, properties: Value) -> bool {
    let filter = Filter::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
    filter.matches(&feature(properties))
}

#[test]
fn comparisons_text_numbers_and_chinese_field_names() {
    let district =
        json!({"名称": "渝中区", "population": 589_000, "code": "500103", "area km2": 22.3});
    assert!(keeps(r#""名称" LIKE '%区'"#, district.clone()));
    assert!(!keeps(r#""名称" LIKE '%县'"#, district.clone()));
    assert!(keeps("population > 500000", district.clone()));
    assert!(!keeps("population >= 600000", district.clone()));
    // Text that reads as a number compares as one, as in QGIS.
    assert!(keeps("code = 500103", district.clone()));
    assert!(keeps("\"area km2\" BETWEEN 20 AND 25", district.clone()));
    assert!(keeps(
        "population / 1000 > 588 AND NOT \"名称\" = '江北区'",
        district.clone()
    ));
    assert!(keeps("\"名称\" IN ('渝中区', '江北区')", district.clone()));
    assert!(!keeps(
        "\"名称\" NOT IN ('渝中区', '江北区')",
        district.clone()
    ));
    assert!(keeps("\"名称\" || '!' = '渝中区!'", district.clone()));
    assert!(keeps("lower('YUZHONG') ILIKE 'yu%'", district.clone()));
    assert!(keeps(
        "length(\"名称\") = 3 AND left(code, 2) = '50'",
        district
    ));
}

#[test]
fn null_is_never_kept_and_is_null_finds_it() {
    let row = json!({"name": "A", "speed": null});
    assert!(!keeps("speed > 10", row.clone()));
    assert!(!keeps("NOT speed > 10", row.clone()), "NOT null is null");
    assert!(keeps("speed IS NULL", row.clone()));
    assert!(keeps("missing IS NULL", row.clone()));
    assert!(!keeps("speed IS NOT NULL", row.clone()));
    assert!(keeps("speed > 10 OR name = 'A'", row.clone()));
    assert!(keeps("coalesce(speed, 0) = 0", row));
}

#[test]
fn dates_compare_and_give_their_parts() {
    let flight = json!({"date": "2025-09-07", "when": "2025年9月7日"});
    assert!(keeps(
        "\"date\" >= '2025-01-01' AND \"date\" < '2026-01-01'",
        flight.clone()
    ));
    assert!(keeps(
        "year(\"date\") = 2025 AND month(\"date\") = 9",
        flight.clone()
    ));
    assert!(keeps("to_date(\"when\") = '2025-09-07'", flight.clone()));
    assert!(keeps("day(\"when\") = 7", flight));
}

#[test]
fn case_and_arithmetic() {
    let row = json!({"kind": "port", "tonnes": 12});
    assert!(keeps(
        "CASE WHEN kind = 'port' THEN tonnes * 2 ELSE 0 END = 24",
        row.clone()
    ));
    assert!(keeps(
        "CASE kind WHEN 'rail' THEN 1 WHEN 'port' THEN 2 END = 2",
        row.clone()
    ));
    assert!(keeps("tonnes % 5 = 2 AND -tonnes < 0", row.clone()));
    assert!(!keeps("tonnes / 0 > 0", row), "division by zero is null");
}

#[test]
fn like_patterns() {
    use super::eval::like;
    assert!(like("渝中区", "%区"));
    assert!(like("渝中区", "渝_区"));
    assert!(!like("渝中区", "渝_"));
    assert!(like("abcabc", "%bc%c"));
    assert!(like("50%", "50\\%"));
    assert!(!like("500", "50\\%"));
    assert!(like("", "%"));
}

#[test]
fn a_syntax_error_says_where_and_what() {
    let error = Filter::parse("population > ").expect_err("incomplete");
    assert!(error.to_string().contains("column"), "{error}");
    assert!(error.message.contains("expected"), "{error}");

    let error = Filter::parse("\"名称\" LIKE '%区").expect_err("unterminated text");
    assert_eq!(error.place.map(|p| p.column), Some(11), "{error}");

    let error = Filter::parse("speed > 10 speed").expect_err("two expressions");
    assert_eq!(error.place.map(|p| p.column), Some(12), "{error}");

    let error = Filter::parse("nosuch(speed) > 1").expect_err("unknown function");
    assert!(error.message.contains("nosuch"), "{error}");
    assert_eq!(error.place.map(|p| p.column), Some(1), "{error}");

    let error = Filter::parse("substr(name) = 'a'").expect_err("wrong arity");
    assert!(error.message.contains("2 to 3"), "{error}");

    let error = Filter::parse("id IN (SELECT 1)").expect_err("no subqueries");
    assert!(error.message.contains("query"), "{error}");

    assert!(Filter::parse("   ").is_err());
    let deep = format!("{}1{}", "(".repeat(500), ")".repeat(500));
    assert!(Filter::parse(&deep).is_err(), "deep nesting is refused");
}

#[test]
fn an_unknown_field_is_named_with_its_place() {
    let fields = vec!["name".to_string(), "speed".to_string()];
    let error = Filter::parse_for("name = 'a' AND sped > 3", &fields).expect_err("typo");
    assert!(error.message.contains("sped"), "{error}");
    assert_eq!(error.place.map(|p| p.column), Some(16));
    assert!(Filter::parse_for("speed > 3", &fields).is_ok());
}

#[test]
fn sql_binds_every_value_and_quotes_every_field() {
    let filter =
        Filter::parse(r#""名称" LIKE '%区''; DROP TABLE x; --' AND pop > 10"#).expect("parses");
    let sql = to_sql(&filter, 3).expect("translates");
    assert_eq!(
        sql.clause,
        r#"((("名称")::text LIKE $3::text) AND ("pop" > $4::float8))"#
    );
    assert_eq!(
        sql.params,
        vec![
            SqlParam::Text("%区'; DROP TABLE x; --".into()),
            SqlParam::Number(10.0)
        ]
    );
    let tricky = Filter::parse(r#""a""b" = 1"#).expect("parses");
    assert!(
        to_sql(&tricky, 1)
            .expect("sql")
            .clause
            .starts_with(r#"("a""b" ="#)
    );
    let local_only = Filter::parse("year(\"date\") = 2025").expect("parses");
    assert!(
        to_sql(&local_only, 1)
            .expect_err("no year()")
            .contains("year")
    );
}
