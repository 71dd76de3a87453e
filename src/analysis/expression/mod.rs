//! Filter expressions in QGIS's expression syntax, the part people use: field comparisons,
//! `LIKE`/`ILIKE`, `IN`, `BETWEEN`, `IS [NOT] NULL`, `AND`/`OR`/`NOT`, arithmetic, `||`,
//! `CASE`, and a few string, number and date functions. Fields are `"quoted"` (any name,
//! Chinese or with spaces) or bare; text is `'quoted'`.
//!
//! The text is parsed by `sqlparser` (QGIS expressions are SQL expressions in all that a filter
//! needs), then narrowed to [`Expr`]: anything else (subqueries, casts to types, `~`) is
//! refused with its place. [`Filter::matches`] evaluates it on a feature; [`to_sql`] turns it
//! into a PostGIS `WHERE` whose every value is a bound parameter.

mod eval;
mod functions;
mod parse;
pub mod to_sql;

use std::collections::BTreeSet;
use std::sync::Arc;

use crate::model::Feature;

pub use eval::Scalar;
pub use functions::Function;

/// Where in the text a problem is (1-based, in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextPlace {
    pub line: u64,
    pub column: u64,
}

/// A filter the user typed that cannot be used, and where.
#[derive(Debug, Clone, PartialEq)]
pub struct ExprError {
    pub place: Option<TextPlace>,
    pub message: String,
}

impl std::fmt::Display for ExprError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.place {
            Some(TextPlace { line: 1, column }) => write!(f, "column {column}: {}", self.message),
            Some(TextPlace { line, column }) => {
                write!(f, "line {line}, column {column}: {}", self.message)
            }
            None => f.write_str(&self.message),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinaryOp {
    And,
    Or,
    Eq,
    NotEq,
    Lt,
    LtEq,
    Gt,
    GtEq,
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Concat,
}

/// A filter expression, narrowed to what can be evaluated here and sent to PostGIS.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Field(String),
    Literal(Scalar),
    Not(Box<Expr>),
    Negate(Box<Expr>),
    Binary(Box<Expr>, BinaryOp, Box<Expr>),
    Like {
        expr: Box<Expr>,
        pattern: Box<Expr>,
        negated: bool,
        case_insensitive: bool,
    },
    In {
        expr: Box<Expr>,
        list: Vec<Expr>,
        negated: bool,
    },
    Between {
        expr: Box<Expr>,
        low: Box<Expr>,
        high: Box<Expr>,
        negated: bool,
    },
    IsNull {
        expr: Box<Expr>,
        negated: bool,
    },
    Call(Function, Vec<Expr>),
    Case {
        operand: Option<Box<Expr>>,
        whens: Vec<(Expr, Expr)>,
        otherwise: Option<Box<Expr>>,
    },
}

impl Expr {
    /// Every field the expression reads.
    pub fn fields(&self) -> BTreeSet<&str> {
        let mut fields = BTreeSet::new();
        self.visit(&mut |e| {
            if let Expr::Field(name) = e {
                fields.insert(name.as_str());
            }
        });
        fields
    }

    fn visit<'a>(&'a self, f: &mut impl FnMut(&'a Expr)) {
        f(self);
        let children: Vec<&Expr> = match self {
            Expr::Field(_) | Expr::Literal(_) => Vec::new(),
            Expr::Not(e) | Expr::Negate(e) | Expr::IsNull { expr: e, .. } => vec![e],
            Expr::Binary(a, _, b)
            | Expr::Like {
                expr: a,
                pattern: b,
                ..
            } => vec![a, b],
            Expr::In { expr, list, .. } => std::iter::once(&**expr).chain(list).collect(),
            Expr::Between {
                expr, low, high, ..
            } => vec![expr, low, high],
            Expr::Call(_, args) => args.iter().collect(),
            Expr::Case {
                operand,
                whens,
                otherwise,
            } => (operand.iter().map(|e| &**e))
                .chain(whens.iter().flat_map(|(w, t)| [w, t]))
                .chain(otherwise.iter().map(|e| &**e))
                .collect(),
        };
        for child in children {
            child.visit(f);
        }
    }
}

/// A parsed filter: the text as typed and what it says. Cheap to clone and to share with the
/// workers that cut big layers.
#[derive(Debug, Clone)]
pub struct Filter {
    text: Arc<str>,
    expr: Arc<Expr>,
}

impl PartialEq for Filter {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl Filter {
    /// Parses `text`; an error says where and what was expected.
    pub fn parse(text: &str) -> Result<Filter, ExprError> {
        let expr = parse::parse(text)?;
        Ok(Filter {
            text: text.trim().into(),
            expr: Arc::new(expr),
        })
    }

    /// Parses `text` and checks that every field it names is one of `fields` (when known).
    pub fn parse_for(text: &str, fields: &[String]) -> Result<Filter, ExprError> {
        let filter = Self::parse(text)?;
        if fields.is_empty() {
            return Ok(filter);
        }
        if let Some(missing) = (filter.expr.fields())
            .into_iter()
            .find(|f| !fields.iter().any(|k| k == f))
        {
            let place = text.find(missing).map(|at| place_of(text, at));
            let shown: Vec<&str> = fields.iter().take(12).map(String::as_str).collect();
            let more = if fields.len() > 12 { ", …" } else { "" };
            return Err(ExprError {
                place,
                message: format!(
                    "no field named \"{missing}\" (fields: {}{more})",
                    shown.join(", ")
                ),
            });
        }
        Ok(filter)
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn expr(&self) -> &Expr {
        &self.expr
    }

    /// Whether `feature` is kept: the expression is true (SQL's rule: null is not true).
    pub fn matches(&self, feature: &Feature) -> bool {
        eval::evaluate(&self.expr, feature).is_true()
    }

    /// The features of `all` that the filter keeps, on every core for big layers.
    pub fn keep(&self, all: &[Feature]) -> Vec<bool> {
        crate::parallel::par_map(all, 4096, |f| self.matches(f))
    }
}

/// The 1-based line and column (in characters) of byte offset `at` of `text`.
fn place_of(text: &str, at: usize) -> TextPlace {
    let before = &text[..at];
    let line = before.matches('\n').count() as u64 + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    TextPlace {
        line,
        column: before[line_start..].chars().count() as u64 + 1,
    }
}

#[cfg(test)]
mod tests;
