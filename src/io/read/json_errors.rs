//! serde_json's errors as the readers report them.

/// serde's message without the " at line L column C" it appends: positions are reported
/// separately (and made absolute where the text was a slice of the file).
pub fn serde_message(err: &serde_json::Error) -> String {
    let message = err.to_string();
    match message.rsplit_once(" at line ") {
        Some((m, _)) => m.to_string(),
        None => message,
    }
}

/// A JSON syntax error located in the file; `line_offset` is added where the text parsed was
/// a slice of the file with lines taken out.
pub fn json_error(err: &serde_json::Error, line_offset: usize) -> crate::io::read::ReadError {
    crate::io::read::ReadError::Syntax {
        format: "JSON",
        line: err.line() + line_offset,
        column: err.column(),
        message: serde_message(err),
    }
}
