//! Text → [`Expr`]: `sqlparser` reads the SQL expression (PostgreSQL's dialect: `"field"`,
//! `'text'`, `ILIKE`, `||`), then the tree is narrowed to what a filter may say. Every refusal
//! names its place in the text.

use sqlparser::ast::{
    self as sql, BinaryOperator, FunctionArg, FunctionArgExpr, FunctionArguments, Spanned,
    UnaryOperator,
};
use sqlparser::dialect::PostgreSqlDialect;
use sqlparser::parser::{Parser, ParserError};
use sqlparser::tokenizer::Token;

use super::{BinaryOp, Expr, ExprError, Function, Scalar, TextPlace};

/// Nesting deeper than this is refused before the parser recurses into it.
const MAX_DEPTH: usize = 64;

pub fn parse(text: &str) -> Result<Expr, ExprError> {
    if text.trim().is_empty() {
        return Err(ExprError {
            place: None,
            message: "the filter is empty".into(),
        });
    }
    let dialect = PostgreSqlDialect {};
    let mut parser = Parser::new(&dialect)
        .with_recursion_limit(MAX_DEPTH)
        .try_with_sql(text)
        .map_err(|e| parser_error(e, text))?;
    let parsed = parser.parse_expr().map_err(|e| parser_error(e, text))?;
    let next = parser.peek_token();
    if next.token != Token::EOF {
        return Err(ExprError {
            place: place(next.span.start),
            message: format!(
                "expected the end of the filter (or AND / OR), found {}",
                next.token
            ),
        });
    }
    narrow(&parsed)
}

fn place(location: sqlparser::tokenizer::Location) -> Option<TextPlace> {
    (location.line > 0).then_some(TextPlace {
        line: location.line,
        column: location.column,
    })
}

/// sqlparser's message ("Expected: an expression, found: EOF at Line: 1, Column: 20") as
/// ours: the place apart, the words plainer.
fn parser_error(error: ParserError, text: &str) -> ExprError {
    let message = match error {
        ParserError::TokenizerError(m) | ParserError::ParserError(m) => m,
        ParserError::RecursionLimitExceeded => {
            return ExprError {
                place: None,
                message: format!("the filter nests deeper than {MAX_DEPTH} levels"),
            };
        }
    };
    let (words, place) = match message.rsplit_once(" at Line: ") {
        Some((words, at)) => {
            let mut numbers = at.split(", Column: ").map(|n| n.trim().parse::<u64>());
            match (numbers.next(), numbers.next()) {
                (Some(Ok(line)), Some(Ok(column))) => (words, Some(TextPlace { line, column })),
                _ => (message.as_str(), None),
            }
        }
        None => (message.as_str(), None),
    };
    // The parser gives no place for the end of the text: it is just past the last character.
    let place = place.or_else(|| {
        words
            .ends_with("EOF")
            .then(|| super::place_of(text, text.trim_end().len()))
    });
    let words = words
        .replace("Expected: ", "expected ")
        .replace(", found: EOF", " but the filter ends")
        .replace(", found: ", ", found ");
    ExprError {
        place,
        message: words,
    }
}

fn refuse(node: &impl Spanned, what: impl Into<String>) -> ExprError {
    ExprError {
        place: place(node.span().start),
        message: what.into(),
    }
}

fn boxed(e: &sql::Expr) -> Result<Box<Expr>, ExprError> {
    narrow(e).map(Box::new)
}

fn narrow(e: &sql::Expr) -> Result<Expr, ExprError> {
    use sql::Expr as S;
    Ok(match e {
        S::Identifier(ident) => Expr::Field(ident.value.clone()),
        S::Value(value) => Expr::Literal(literal(value)?),
        S::Nested(inner) => narrow(inner)?,
        S::UnaryOp { op, expr } => match op {
            UnaryOperator::Not => Expr::Not(boxed(expr)?),
            UnaryOperator::Minus => Expr::Negate(boxed(expr)?),
            UnaryOperator::Plus => narrow(expr)?,
            other => return Err(refuse(e, format!("the operator {other} is not supported"))),
        },
        S::BinaryOp { left, op, right } => {
            Expr::Binary(boxed(left)?, binary_op(e, op)?, boxed(right)?)
        }
        S::IsNull(expr) => Expr::IsNull {
            expr: boxed(expr)?,
            negated: false,
        },
        S::IsNotNull(expr) => Expr::IsNull {
            expr: boxed(expr)?,
            negated: true,
        },
        S::Like {
            negated,
            expr,
            pattern,
            any: false,
            escape_char: None,
        } => like(expr, pattern, *negated, false)?,
        S::ILike {
            negated,
            expr,
            pattern,
            any: false,
            escape_char: None,
        } => like(expr, pattern, *negated, true)?,
        S::In {
            expr,
            target: sql::InTarget::List(list),
            negated,
            ..
        } => Expr::In {
            expr: boxed(expr)?,
            list: list.iter().map(narrow).collect::<Result<_, _>>()?,
            negated: *negated,
        },
        S::Between {
            expr,
            negated,
            low,
            high,
        } => Expr::Between {
            expr: boxed(expr)?,
            low: boxed(low)?,
            high: boxed(high)?,
            negated: *negated,
        },
        S::Function(function) => call(function)?,
        _ => less_common(e)?,
    })
}

/// SQL's special forms of the functions a filter knows (`SUBSTRING(x FROM 2)`, `TRIM(x)`,
/// `CEIL(x)`), and the refusals.
fn less_common(e: &sql::Expr) -> Result<Expr, ExprError> {
    use sql::Expr as S;
    Ok(match e {
        S::Substring {
            expr,
            substring_from,
            substring_for,
            ..
        } => {
            let args = std::iter::once(expr)
                .chain(substring_from)
                .chain(substring_for)
                .map(|a| narrow(a))
                .collect::<Result<Vec<_>, _>>()?;
            checked_call(e, Function::Substr, args)?
        }
        S::Trim {
            trim_where: None,
            trim_what: None,
            trim_characters: None,
            expr,
        } => Expr::Call(Function::Trim, vec![narrow(expr)?]),
        S::Ceil {
            expr,
            field: sql::CeilFloorKind::DateTimeField(sql::DateTimeField::NoDateTime),
        } => Expr::Call(Function::Ceil, vec![narrow(expr)?]),
        S::Floor {
            expr,
            field: sql::CeilFloorKind::DateTimeField(sql::DateTimeField::NoDateTime),
        } => Expr::Call(Function::Floor, vec![narrow(expr)?]),
        S::Case {
            operand,
            conditions,
            else_result,
            ..
        } => Expr::Case {
            operand: operand.as_deref().map(boxed).transpose()?,
            whens: (conditions.iter())
                .map(|c| Ok((narrow(&c.condition)?, narrow(&c.result)?)))
                .collect::<Result<_, ExprError>>()?,
            otherwise: else_result.as_deref().map(boxed).transpose()?,
        },
        S::CompoundIdentifier(parts) => {
            let name: Vec<&str> = parts.iter().map(|p| p.value.as_str()).collect();
            return Err(refuse(
                e,
                format!(
                    "{} is not a field; quote a field name with a dot in it: \"{}\"",
                    name.join("."),
                    name.join(".")
                ),
            ));
        }
        S::Subquery(_) | S::Exists { .. } | S::In { .. } => {
            return Err(refuse(e, "a filter cannot hold a query"));
        }
        _ => {
            return Err(refuse(
                e,
                format!("\"{e}\" is not something a filter can say"),
            ));
        }
    })
}

fn like(
    expr: &sql::Expr,
    pattern: &sql::Expr,
    negated: bool,
    case_insensitive: bool,
) -> Result<Expr, ExprError> {
    Ok(Expr::Like {
        expr: boxed(expr)?,
        pattern: boxed(pattern)?,
        negated,
        case_insensitive,
    })
}

fn literal(value: &sql::ValueWithSpan) -> Result<Scalar, ExprError> {
    use sql::Value as V;
    Ok(match &value.value {
        V::Number(n, _) => match n.parse::<f64>() {
            Ok(n) if n.is_finite() => Scalar::Number(n),
            _ => return Err(refuse(value, format!("{n} is not a number this can hold"))),
        },
        V::SingleQuotedString(s) | V::EscapedStringLiteral(s) | V::DoubleQuotedString(s) => {
            Scalar::Text(s.clone())
        }
        V::Boolean(b) => Scalar::Bool(*b),
        V::Null => Scalar::Null,
        other => {
            return Err(refuse(
                value,
                format!("{other} is not a value a filter takes"),
            ));
        }
    })
}

fn binary_op(e: &sql::Expr, op: &BinaryOperator) -> Result<BinaryOp, ExprError> {
    use BinaryOperator as B;
    Ok(match op {
        B::And => BinaryOp::And,
        B::Or => BinaryOp::Or,
        B::Eq => BinaryOp::Eq,
        B::NotEq => BinaryOp::NotEq,
        B::Lt => BinaryOp::Lt,
        B::LtEq => BinaryOp::LtEq,
        B::Gt => BinaryOp::Gt,
        B::GtEq => BinaryOp::GtEq,
        B::Plus => BinaryOp::Add,
        B::Minus => BinaryOp::Sub,
        B::Multiply => BinaryOp::Mul,
        B::Divide => BinaryOp::Div,
        B::Modulo => BinaryOp::Mod,
        B::StringConcat => BinaryOp::Concat,
        other => return Err(refuse(e, format!("the operator {other} is not supported"))),
    })
}

fn call(function: &sql::Function) -> Result<Expr, ExprError> {
    let name = function.name.to_string();
    let Some(known) = Function::named(&name) else {
        let names: Vec<&str> = Function::names().collect();
        return Err(refuse(
            function,
            format!("no function {name}() (known: {})", names.join(", ")),
        ));
    };
    let args: Vec<Expr> = match &function.args {
        FunctionArguments::None => Vec::new(),
        FunctionArguments::List(list) => (list.args.iter())
            .map(|arg| match arg {
                FunctionArg::Unnamed(FunctionArgExpr::Expr(e)) => narrow(e),
                other => Err(refuse(
                    other,
                    format!("{other} is not an argument {name}() takes"),
                )),
            })
            .collect::<Result<_, _>>()?,
        FunctionArguments::Subquery(_) => {
            return Err(refuse(function, "a filter cannot hold a query"));
        }
    };
    checked_call(function, known, args)
}

/// The call, if `known` takes that many arguments.
fn checked_call(node: &impl Spanned, known: Function, args: Vec<Expr>) -> Result<Expr, ExprError> {
    let (least, most) = known.arity();
    if args.len() < least || args.len() > most {
        let wanted = match (least, most) {
            (l, m) if l == m => format!("{l}"),
            (l, usize::MAX) => format!("at least {l}"),
            (l, m) => format!("{l} to {m}"),
        };
        return Err(refuse(
            node,
            format!(
                "{}() takes {wanted} argument(s), not {}",
                known.name(),
                args.len()
            ),
        ));
    }
    Ok(Expr::Call(known, args))
}
