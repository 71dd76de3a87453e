//! A small element tree over quick-xml for the XML formats (KML, GPX): elements by local name
//! (namespace prefixes dropped, so `gx:Track` is `Track`), their attributes and text, and the
//! line each starts on, so a problem is reported where it is. Broken XML is an error at its
//! line and column.

use quick_xml::Reader;
use quick_xml::events::Event;

use crate::io::read::ReadError;

/// Nesting deeper than this is refused rather than walked (a hostile file can nest forever).
pub const MAX_DEPTH: usize = 256;

#[derive(Debug, Default)]
pub struct Element {
    pub name: String,
    pub attributes: Vec<(String, String)>,
    pub children: Vec<Element>,
    /// The element's own text (and CDATA), entities resolved.
    pub text: String,
    pub line: usize,
}

impl Element {
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    pub fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    pub fn attribute(&self, name: &str) -> Option<&str> {
        (self.attributes.iter())
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    /// The trimmed text of the first child named `name`, if it has any.
    pub fn child_text(&self, name: &str) -> Option<&str> {
        self.child(name)
            .map(|c| c.text.trim())
            .filter(|t| !t.is_empty())
    }

    /// The first descendant (this element included) named `name`, depth first.
    pub fn find(&self, name: &str) -> Option<&Element> {
        if self.name == name {
            return Some(self);
        }
        self.children.iter().find_map(|c| c.find(name))
    }
}

/// Line and column (1-based) of byte `offset` in `text`.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text.as_bytes()[..offset.min(text.len())];
    let line = memchr::memchr_iter(b'\n', before).count() + 1;
    let column = before.len() - memchr::memrchr(b'\n', before).map_or(0, |i| i + 1) + 1;
    (line, column)
}

fn local(name: &str) -> String {
    match name.rsplit_once(':') {
        Some((_, local)) => local.to_string(),
        None => name.to_string(),
    }
}

fn xml_error(text: &str, offset: u64, message: impl std::fmt::Display) -> ReadError {
    let (line, column) = line_column(text, offset as usize);
    ReadError::Syntax {
        format: "XML",
        line,
        column,
        message: message.to_string(),
    }
}

/// Parses a whole document into its root element.
pub fn parse(text: &str) -> Result<Element, ReadError> {
    let mut reader = Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut stack: Vec<Element> = vec![Element::default()];
    let mut line_counter = LineCounter::default();
    loop {
        let start = reader.buffer_position() as usize;
        let event = reader
            .read_event()
            .map_err(|e| xml_error(text, reader.error_position(), e))?;
        let empty = matches!(event, Event::Empty(_));
        match event {
            Event::Start(e) | Event::Empty(e) => {
                if stack.len() > MAX_DEPTH {
                    return Err(xml_error(
                        text,
                        start as u64,
                        "elements are nested too deeply",
                    ));
                }
                let mut attributes = Vec::new();
                for attribute in e.attributes() {
                    let attribute = attribute.map_err(|e| xml_error(text, start as u64, e))?;
                    let value = attribute
                        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .map_err(|e| xml_error(text, start as u64, e))?;
                    attributes.push((local(attribute.key.as_ref()), value.into_owned()));
                }
                let element = Element {
                    name: local(e.name().as_ref()),
                    attributes,
                    line: line_counter.line_at(text, start),
                    ..Element::default()
                };
                if empty {
                    stack.last_mut().expect("root").children.push(element);
                } else {
                    stack.push(element);
                }
            }
            Event::End(_) => {
                let element = stack.pop().expect("quick-xml checks end names");
                stack.last_mut().expect("root").children.push(element);
            }
            Event::Text(e) => stack
                .last_mut()
                .expect("root")
                .text
                .push_str(&e.xml10_content()),
            Event::CData(e) => stack
                .last_mut()
                .expect("root")
                .text
                .push_str(&e.into_inner()),
            Event::GeneralRef(e) => {
                let resolved = match e.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => match &*e.xml10_content() {
                        "amp" => "&".into(),
                        "lt" => "<".into(),
                        "gt" => ">".into(),
                        "quot" => "\"".into(),
                        "apos" => "'".into(),
                        other => format!("&{other};"),
                    },
                    Err(err) => return Err(xml_error(text, start as u64, err)),
                };
                stack.last_mut().expect("root").text.push_str(&resolved);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if stack.len() > 1 {
        let open = stack.last().expect("an open element");
        return Err(ReadError::Syntax {
            format: "XML",
            line: open.line,
            column: 1,
            message: format!("<{}> is never closed: the file ends early", open.name),
        });
    }
    let document = stack.pop().expect("root");
    document
        .children
        .into_iter()
        .next()
        .ok_or_else(|| xml_error(text, 0, "the document has no element"))
}

/// Lines counted incrementally: elements arrive in file order.
#[derive(Default)]
struct LineCounter {
    offset: usize,
    line: usize,
}

impl LineCounter {
    fn line_at(&mut self, text: &str, offset: usize) -> usize {
        let offset = offset.min(text.len());
        if offset >= self.offset {
            self.line += memchr::memchr_iter(b'\n', &text.as_bytes()[self.offset..offset]).count();
            self.offset = offset;
        }
        self.line + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elements_text_and_lines_are_kept() {
        let root = parse("<?xml version=\"1.0\"?>\n<a x=\"1 &amp; 2\">\n  <gx:b>T &lt;3 &#x6E1D;</gx:b>\n  <c><![CDATA[<i>raw</i>]]></c>\n</a>").unwrap();
        assert_eq!(root.name, "a");
        assert_eq!(root.attribute("x"), Some("1 & 2"));
        assert_eq!(root.child_text("b"), Some("T <3 渝"));
        assert_eq!(root.child("b").unwrap().line, 3);
        assert_eq!(root.child_text("c"), Some("<i>raw</i>"));
    }

    #[test]
    fn broken_xml_is_located() {
        let err = parse("<a>\n<b>\n</a>").unwrap_err();
        assert!(matches!(err, ReadError::Syntax { line: 3, .. }), "{err:?}");
        let err = parse("<a>\n<b>").unwrap_err();
        assert!(matches!(err, ReadError::Syntax { line: 2, .. }), "{err:?}");
    }
}
