//! Evaluating an [`Expr`] on one feature, with SQL's three-valued logic (a comparison with
//! null is null, and a filter keeps only what is true) and QGIS's conversions (text that reads
//! as a number compares as one; `+` of two texts joins them).

use std::cmp::Ordering;

use serde_json::Value;

use super::{BinaryOp, Expr};
use crate::model::Feature;

/// One value while an expression is evaluated.
#[derive(Debug, Clone, PartialEq)]
pub enum Scalar {
    Null,
    Bool(bool),
    Number(f64),
    Text(String),
}

impl Scalar {
    pub fn from_json(value: Option<&Value>) -> Scalar {
        match value {
            None | Some(Value::Null) => Scalar::Null,
            Some(Value::Bool(b)) => Scalar::Bool(*b),
            Some(Value::Number(n)) => n.as_f64().map_or(Scalar::Null, Scalar::Number),
            Some(Value::String(s)) => Scalar::Text(s.clone()),
            Some(other) => Scalar::Text(other.to_string()),
        }
    }

    pub fn is_true(&self) -> bool {
        match self {
            Scalar::Bool(b) => *b,
            Scalar::Number(n) => *n != 0.0,
            Scalar::Text(t) => !t.is_empty(),
            Scalar::Null => false,
        }
    }

    fn truth(&self) -> Option<bool> {
        (!matches!(self, Scalar::Null)).then(|| self.is_true())
    }

    /// The value as a number, if it is one or is text that reads as one.
    pub fn number(&self) -> Option<f64> {
        match self {
            Scalar::Number(n) => Some(*n),
            Scalar::Bool(b) => Some(f64::from(u8::from(*b))),
            Scalar::Text(t) => t.trim().parse().ok().filter(|n: &f64| n.is_finite()),
            Scalar::Null => None,
        }
    }

    /// The value as text; `None` for null.
    pub fn text(&self) -> Option<String> {
        match self {
            Scalar::Null => None,
            Scalar::Bool(b) => Some(b.to_string()),
            Scalar::Number(n) => Some(crate::model::number_text(*n)),
            Scalar::Text(t) => Some(t.clone()),
        }
    }

    fn of_bool(b: Option<bool>) -> Scalar {
        b.map_or(Scalar::Null, Scalar::Bool)
    }
}

/// How two values compare: as numbers when both read as numbers, else as text; `None` when
/// either is null.
pub fn compare(a: &Scalar, b: &Scalar) -> Option<Ordering> {
    if matches!(a, Scalar::Null) || matches!(b, Scalar::Null) {
        return None;
    }
    if let (Some(x), Some(y)) = (a.number(), b.number()) {
        return x.partial_cmp(&y);
    }
    Some(a.text()?.cmp(&b.text()?))
}

pub fn evaluate(expr: &Expr, feature: &Feature) -> Scalar {
    match expr {
        Expr::Field(name) => Scalar::from_json(feature.properties.get(name)),
        Expr::Literal(value) => value.clone(),
        Expr::Not(e) => Scalar::of_bool(evaluate(e, feature).truth().map(|t| !t)),
        Expr::Negate(e) => evaluate(e, feature)
            .number()
            .map_or(Scalar::Null, |n| Scalar::Number(-n)),
        Expr::Binary(a, op, b) => binary(a, *op, b, feature),
        Expr::Like {
            expr,
            pattern,
            negated,
            case_insensitive,
        } => {
            let (Some(text), Some(pattern)) = (
                evaluate(expr, feature).text(),
                evaluate(pattern, feature).text(),
            ) else {
                return Scalar::Null;
            };
            let found = if *case_insensitive {
                like(&text.to_lowercase(), &pattern.to_lowercase())
            } else {
                like(&text, &pattern)
            };
            Scalar::Bool(found != *negated)
        }
        Expr::In {
            expr,
            list,
            negated,
        } => {
            let value = evaluate(expr, feature);
            if matches!(value, Scalar::Null) {
                return Scalar::Null;
            }
            let found = (list.iter())
                .any(|e| compare(&value, &evaluate(e, feature)) == Some(Ordering::Equal));
            Scalar::Bool(found != *negated)
        }
        Expr::Between {
            expr,
            low,
            high,
            negated,
        } => {
            let value = evaluate(expr, feature);
            let above = compare(&value, &evaluate(low, feature)).map(Ordering::is_ge);
            let below = compare(&value, &evaluate(high, feature)).map(Ordering::is_le);
            let within = and(above, below);
            Scalar::of_bool(within.map(|w| w != *negated))
        }
        Expr::IsNull { expr, negated } => {
            Scalar::Bool(matches!(evaluate(expr, feature), Scalar::Null) != *negated)
        }
        Expr::Call(function, args) => {
            let values: Vec<Scalar> = args.iter().map(|a| evaluate(a, feature)).collect();
            function.apply(values)
        }
        Expr::Case {
            operand,
            whens,
            otherwise,
        } => {
            let operand = operand.as_ref().map(|o| evaluate(o, feature));
            for (when, then) in whens {
                let value = evaluate(when, feature);
                let hit = match &operand {
                    Some(o) => compare(o, &value) == Some(Ordering::Equal),
                    None => value.is_true(),
                };
                if hit {
                    return evaluate(then, feature);
                }
            }
            otherwise
                .as_ref()
                .map_or(Scalar::Null, |e| evaluate(e, feature))
        }
    }
}

fn and(a: Option<bool>, b: Option<bool>) -> Option<bool> {
    match (a, b) {
        (Some(false), _) | (_, Some(false)) => Some(false),
        (Some(true), Some(true)) => Some(true),
        _ => None,
    }
}

fn or(a: Option<bool>, b: Option<bool>) -> Option<bool> {
    match (a, b) {
        (Some(true), _) | (_, Some(true)) => Some(true),
        (Some(false), Some(false)) => Some(false),
        _ => None,
    }
}

fn binary(a: &Expr, op: BinaryOp, b: &Expr, feature: &Feature) -> Scalar {
    let left = evaluate(a, feature);
    // AND and OR decide on the left value alone where they can, as QGIS does.
    match (op, left.truth()) {
        (BinaryOp::And, Some(false)) => return Scalar::Bool(false),
        (BinaryOp::Or, Some(true)) => return Scalar::Bool(true),
        _ => {}
    }
    let right = evaluate(b, feature);
    let ordered = |test: fn(Ordering) -> bool| Scalar::of_bool(compare(&left, &right).map(test));
    let arithmetic = |f: fn(f64, f64) -> f64| match (left.number(), right.number()) {
        (Some(x), Some(y)) => Some(f(x, y))
            .filter(|r| r.is_finite())
            .map_or(Scalar::Null, Scalar::Number),
        _ => Scalar::Null,
    };
    match op {
        BinaryOp::And => Scalar::of_bool(and(left.truth(), right.truth())),
        BinaryOp::Or => Scalar::of_bool(or(left.truth(), right.truth())),
        BinaryOp::Eq => ordered(Ordering::is_eq),
        BinaryOp::NotEq => ordered(Ordering::is_ne),
        BinaryOp::Lt => ordered(Ordering::is_lt),
        BinaryOp::LtEq => ordered(Ordering::is_le),
        BinaryOp::Gt => ordered(Ordering::is_gt),
        BinaryOp::GtEq => ordered(Ordering::is_ge),
        BinaryOp::Add => match (&left, &right) {
            (Scalar::Text(x), Scalar::Text(y)) if left.number().is_none() => {
                Scalar::Text(format!("{x}{y}"))
            }
            _ => arithmetic(|x, y| x + y),
        },
        BinaryOp::Sub => arithmetic(|x, y| x - y),
        BinaryOp::Mul => arithmetic(|x, y| x * y),
        // Division by zero is null (not infinite), as in QGIS.
        BinaryOp::Div => arithmetic(|x, y| x / y),
        BinaryOp::Mod => arithmetic(|x, y| x % y),
        BinaryOp::Concat => match (left.text(), right.text()) {
            (Some(x), Some(y)) => Scalar::Text(x + &y),
            _ => Scalar::Null,
        },
    }
}

/// SQL `LIKE`: `%` any run of characters, `_` one character, `\` takes the next literally.
pub fn like(text: &str, pattern: &str) -> bool {
    let text: Vec<char> = text.chars().collect();
    let pattern: Vec<char> = pattern.chars().collect();
    // Iterative match with one backtrack point per `%` (linear for common patterns).
    let (mut t, mut p) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        match pattern.get(p) {
            Some('%') => {
                star = Some((p, t));
                p += 1;
            }
            Some('\\') if pattern.get(p + 1) == Some(&text[t]) => {
                p += 2;
                t += 1;
            }
            Some('_') => {
                p += 1;
                t += 1;
            }
            Some(&c) if c != '\\' && c == text[t] => {
                p += 1;
                t += 1;
            }
            _ => match star {
                Some((sp, st)) => {
                    p = sp + 1;
                    t = st + 1;
                    star = Some((sp, st + 1));
                }
                None => return false,
            },
        }
    }
    pattern[p..].iter().all(|&c| c == '%')
}
