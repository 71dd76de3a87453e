//! A filter as a PostGIS `WHERE` clause. Every value the user typed travels as a bound
//! parameter (`$3::text`), never inside the SQL text; field names are quoted identifiers of
//! columns the table has. What PostgreSQL has no match for is refused here, with its reason.

use super::{BinaryOp, Expr, Filter, Scalar};
pub use crate::io::sql::{RowFilter, SqlParam, quote_identifier};

/// The clause (placeholders numbered from `first_placeholder`) and its values in order.
#[derive(Debug, Clone, PartialEq)]
pub struct SqlFilter {
    pub clause: String,
    pub params: Vec<SqlParam>,
}

/// `filter` as SQL whose placeholders start at `$first_placeholder`.
pub fn to_sql(filter: &Filter, first_placeholder: usize) -> Result<SqlFilter, String> {
    let mut writer = Writer {
        params: Vec::new(),
        first: first_placeholder,
    };
    let clause = writer.write(filter.expr())?;
    Ok(SqlFilter {
        clause,
        params: writer.params,
    })
}

/// `filter` for a database layer, checked once here: an error says what PostgreSQL has no
/// match for.
pub fn row_filter(filter: &Filter) -> Result<RowFilter, String> {
    to_sql(filter, 1)?;
    let kept = filter.clone();
    Ok(RowFilter {
        text: filter.text().to_owned(),
        condition: std::sync::Arc::new(move |first| match to_sql(&kept, first) {
            Ok(sql) => (sql.clause, sql.params),
            // Checked above: the same expression translates the same way.
            Err(_) => ("FALSE".into(), Vec::new()),
        }),
    })
}

struct Writer {
    params: Vec<SqlParam>,
    first: usize,
}

impl Writer {
    fn bind(&mut self, param: SqlParam) -> String {
        let cast = match param {
            SqlParam::Text(_) => "text",
            SqlParam::Number(_) => "float8",
        };
        self.params.push(param);
        format!("${}::{cast}", self.first + self.params.len() - 1)
    }

    fn list(&mut self, items: &[Expr]) -> Result<String, String> {
        let parts: Result<Vec<String>, String> = items.iter().map(|e| self.write(e)).collect();
        Ok(parts?.join(", "))
    }

    fn write(&mut self, expr: &Expr) -> Result<String, String> {
        Ok(match expr {
            Expr::Field(name) => quote_identifier(name),
            Expr::Literal(Scalar::Null) => "NULL".into(),
            Expr::Literal(Scalar::Bool(b)) => (if *b { "TRUE" } else { "FALSE" }).into(),
            Expr::Literal(Scalar::Number(n)) => self.bind(SqlParam::Number(*n)),
            Expr::Literal(Scalar::Text(t)) => self.bind(SqlParam::Text(t.clone())),
            Expr::Not(e) => format!("(NOT {})", self.write(e)?),
            Expr::Negate(e) => format!("(-{})", self.write(e)?),
            Expr::Binary(a, BinaryOp::Mod, b) => format!(
                "(({})::numeric % ({})::numeric)",
                self.write(a)?,
                self.write(b)?
            ),
            Expr::Binary(a, op, b) => {
                format!("({} {} {})", self.write(a)?, operator(*op), self.write(b)?)
            }
            Expr::Like {
                expr,
                pattern,
                negated,
                case_insensitive,
            } => {
                let not = if *negated { "NOT " } else { "" };
                let like = if *case_insensitive { "ILIKE" } else { "LIKE" };
                format!(
                    "(({})::text {not}{like} {})",
                    self.write(expr)?,
                    self.write(pattern)?
                )
            }
            Expr::In {
                expr,
                list,
                negated,
            } => {
                let not = if *negated { "NOT " } else { "" };
                format!("({} {not}IN ({}))", self.write(expr)?, self.list(list)?)
            }
            Expr::Between {
                expr,
                low,
                high,
                negated,
            } => {
                let not = if *negated { "NOT " } else { "" };
                format!(
                    "({} {not}BETWEEN {} AND {})",
                    self.write(expr)?,
                    self.write(low)?,
                    self.write(high)?
                )
            }
            Expr::IsNull { expr, negated } => {
                let not = if *negated { "NOT " } else { "" };
                format!("({} IS {not}NULL)", self.write(expr)?)
            }
            Expr::Call(function, args) => {
                let Some(name) = function.sql_name() else {
                    return Err(format!(
                        "{}() cannot be sent to the database; filter on the columns themselves",
                        function.name()
                    ));
                };
                format!("{name}({})", self.list(args)?)
            }
            Expr::Case {
                operand,
                whens,
                otherwise,
            } => {
                let mut sql = String::from("(CASE");
                if let Some(operand) = operand {
                    sql += &format!(" {}", self.write(operand)?);
                }
                for (when, then) in whens {
                    sql += &format!(" WHEN {} THEN {}", self.write(when)?, self.write(then)?);
                }
                if let Some(otherwise) = otherwise {
                    sql += &format!(" ELSE {}", self.write(otherwise)?);
                }
                sql + " END)"
            }
        })
    }
}

fn operator(op: BinaryOp) -> &'static str {
    match op {
        BinaryOp::And => "AND",
        BinaryOp::Or => "OR",
        BinaryOp::Eq => "=",
        BinaryOp::NotEq => "<>",
        BinaryOp::Lt => "<",
        BinaryOp::LtEq => "<=",
        BinaryOp::Gt => ">",
        BinaryOp::GtEq => ">=",
        BinaryOp::Add => "+",
        BinaryOp::Sub => "-",
        BinaryOp::Mul => "*",
        BinaryOp::Div => "/",
        BinaryOp::Mod => "%",
        BinaryOp::Concat => "||",
    }
}
