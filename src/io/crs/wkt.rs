//! Well-Known Text (version 1 or 2) parsed into a tree of `KEYWORD[...]` nodes, for matching
//! a declared coordinate system to EPSG.

/// One `KEYWORD[...]` node of WKT (version 1 or 2), or one of its values.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node {
    Keyword(String, Vec<Node>),
    Text(String),
    Number(f64),
}

impl Node {
    pub(crate) fn keyword(&self) -> &str {
        match self {
            Node::Keyword(k, _) => k,
            _ => "",
        }
    }

    pub(crate) fn children(&self) -> &[Node] {
        match self {
            Node::Keyword(_, c) => c,
            _ => &[],
        }
    }

    pub(crate) fn name(&self) -> &str {
        match self.children().first() {
            Some(Node::Text(t)) => t,
            _ => "",
        }
    }

    pub(crate) fn child(&self, keywords: &[&str]) -> Option<&Node> {
        (self.children().iter())
            .find(|c| keywords.iter().any(|k| c.keyword().eq_ignore_ascii_case(k)))
    }

    pub(crate) fn numbers(&self) -> impl Iterator<Item = f64> + '_ {
        self.children().iter().filter_map(|c| match c {
            Node::Number(n) => Some(*n),
            _ => None,
        })
    }

    /// The first descendant (depth first, this node included) with one of the keywords.
    pub(crate) fn find(&self, keywords: &[&str]) -> Option<&Node> {
        if keywords
            .iter()
            .any(|k| self.keyword().eq_ignore_ascii_case(k))
        {
            return Some(self);
        }
        self.children().iter().find_map(|c| c.find(keywords))
    }
}

pub(crate) fn parse(text: &str) -> Result<Node, String> {
    let mut parser = Parser {
        bytes: text.as_bytes(),
        at: 0,
    };
    let node = parser.value(0)?;
    parser.skip_space();
    if parser.at != parser.bytes.len() {
        return Err(format!("unexpected text at character {}", parser.at + 1));
    }
    match node {
        Node::Keyword(..) => Ok(node),
        _ => Err("it does not start with a keyword such as PROJCS or GEOGCS".into()),
    }
}

struct Parser<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Parser<'_> {
    fn skip_space(&mut self) {
        while self.at < self.bytes.len() && self.bytes[self.at].is_ascii_whitespace() {
            self.at += 1;
        }
    }

    fn value(&mut self, depth: usize) -> Result<Node, String> {
        if depth > 32 {
            return Err("nested too deeply".into());
        }
        self.skip_space();
        let start = self.at;
        match self.bytes.get(self.at) {
            None => Err("ends early".into()),
            Some(b'"') => {
                let mut text = Vec::new();
                self.at += 1;
                loop {
                    match self.bytes.get(self.at) {
                        None => {
                            return Err(format!("quote at character {} never closes", start + 1));
                        }
                        // WKT escapes a quote by doubling it.
                        Some(b'"') if self.bytes.get(self.at + 1) == Some(&b'"') => {
                            text.push(b'"');
                            self.at += 2;
                        }
                        Some(b'"') => {
                            self.at += 1;
                            return Ok(Node::Text(String::from_utf8_lossy(&text).into_owned()));
                        }
                        Some(&b) => {
                            text.push(b);
                            self.at += 1;
                        }
                    }
                }
            }
            Some(b) if b.is_ascii_alphabetic() || *b == b'_' => {
                while self.at < self.bytes.len()
                    && (self.bytes[self.at].is_ascii_alphanumeric() || self.bytes[self.at] == b'_')
                {
                    self.at += 1;
                }
                let word = String::from_utf8_lossy(&self.bytes[start..self.at]).into_owned();
                self.skip_space();
                let open = self.bytes.get(self.at).copied();
                if open != Some(b'[') && open != Some(b'(') {
                    // An enumeration value such as NORTH or EAST.
                    return Ok(Node::Text(word));
                }
                let close = if open == Some(b'[') { b']' } else { b')' };
                self.at += 1;
                let mut children = Vec::new();
                loop {
                    self.skip_space();
                    if self.bytes.get(self.at) == Some(&close) {
                        self.at += 1;
                        return Ok(Node::Keyword(word, children));
                    }
                    children.push(self.value(depth + 1)?);
                    self.skip_space();
                    match self.bytes.get(self.at) {
                        Some(b',') => self.at += 1,
                        Some(&c) if c == close => {}
                        _ => {
                            return Err(format!(
                                "expected ',' or '{}' at character {}",
                                close as char,
                                self.at + 1
                            ));
                        }
                    }
                }
            }
            Some(_) => {
                while self.at < self.bytes.len()
                    && matches!(
                        self.bytes[self.at],
                        b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E'
                    )
                {
                    self.at += 1;
                }
                let number = std::str::from_utf8(&self.bytes[start..self.at]).unwrap_or("");
                number
                    .parse()
                    .map(Node::Number)
                    .map_err(|_| format!("unexpected text at character {}", start + 1))
            }
        }
    }
}
