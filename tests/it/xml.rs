//! A small XML reader for the JUnit tests: enough of XML 1.0 to say a
//! document is well formed (one root, tags nested and closed, attributes
//! quoted and not repeated, no raw `<` or stray `&` in text or values, only
//! the five predefined entities and character references, only characters
//! XML allows) and to hand back its elements with the text decoded. No DTDs,
//! CDATA or processing instructions other than the declaration.

#[derive(Debug, Default)]
pub struct Element {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Element>,
    pub text: String,
}

impl Element {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Every descendant element named `name`, in document order.
    pub fn all<'a>(&'a self, name: &str, found: &mut Vec<&'a Element>) {
        for child in &self.children {
            if child.name == name {
                found.push(child);
            }
            child.all(name, found);
        }
    }

    pub fn find_all(&self, name: &str) -> Vec<&Element> {
        let mut found = Vec::new();
        self.all(name, &mut found);
        found
    }
}

struct Reader<'a> {
    text: &'a str,
    at: usize,
}

impl Reader<'_> {
    fn rest(&self) -> &str {
        &self.text[self.at..]
    }

    fn fail<T>(&self, what: &str) -> Result<T, String> {
        let line = self.text[..self.at].matches('\n').count() + 1;
        Err(format!(
            "line {line}: {what} at {:?}",
            truncate(self.rest())
        ))
    }

    fn skip_space(&mut self) {
        let trimmed = self.rest().trim_start_matches([' ', '\t', '\n', '\r']);
        self.at = self.text.len() - trimmed.len();
    }

    fn name(&mut self) -> Result<String, String> {
        let end = self
            .rest()
            .find(|c: char| !(c.is_alphanumeric() || "_-.:".contains(c)))
            .unwrap_or(self.rest().len());
        let name = self.rest()[..end].to_string();
        if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit() || c == '-') {
            return self.fail("expected a name");
        }
        self.at += end;
        Ok(name)
    }

    /// Character data up to `stop`, entities decoded.
    fn chars(&mut self, stop: char) -> Result<String, String> {
        let mut out = String::new();
        loop {
            let Some(c) = self.rest().chars().next() else {
                return self.fail("unexpected end");
            };
            if c == stop {
                return Ok(out);
            }
            match c {
                '<' => return self.fail("raw `<`"),
                '&' => {
                    let decoded = self.entity()?;
                    out.push(decoded);
                }
                c if !allowed(c) => return self.fail("a character XML does not allow"),
                c => {
                    out.push(c);
                    self.at += c.len_utf8();
                }
            }
        }
    }

    fn element(&mut self) -> Result<Element, String> {
        if !self.rest().starts_with('<') {
            return self.fail("expected `<`");
        }
        self.at += 1;
        let mut element = Element {
            name: self.name()?,
            ..Element::default()
        };
        loop {
            let before = self.at;
            self.skip_space();
            if self.rest().starts_with("/>") {
                self.at += 2;
                return Ok(element);
            }
            if self.rest().starts_with('>') {
                self.at += 1;
                break;
            }
            if self.at == before {
                return self.fail("expected space before an attribute");
            }
            let name = self.name()?;
            if element.attr(&name).is_some() {
                return self.fail("repeated attribute");
            }
            self.skip_space();
            if !self.rest().starts_with('=') {
                return self.fail("expected `=`");
            }
            self.at += 1;
            self.skip_space();
            let quote = match self.rest().chars().next() {
                Some(q @ ('"' | '\'')) => q,
                _ => return self.fail("unquoted attribute value"),
            };
            self.at += 1;
            let value = self.chars(quote)?;
            self.at += 1;
            element.attrs.push((name, value));
        }
        loop {
            let text = self.chars_or_tag()?;
            element.text.push_str(&text);
            if self.rest().starts_with("</") {
                self.at += 2;
                let name = self.name()?;
                if name != element.name {
                    return self.fail(&format!("`</{name}>` closes `<{}>`", element.name));
                }
                self.skip_space();
                if !self.rest().starts_with('>') {
                    return self.fail("expected `>`");
                }
                self.at += 1;
                return Ok(element);
            }
            element.children.push(self.element()?);
        }
    }

    /// Text up to the next tag.
    fn chars_or_tag(&mut self) -> Result<String, String> {
        let mut out = String::new();
        while !self.rest().starts_with('<') {
            if self.rest().is_empty() {
                return self.fail("unclosed element");
            }
            let end = self.rest().find(['<', '&']).unwrap_or(self.rest().len());
            let plain = &self.rest()[..end];
            if let Some(c) = plain.chars().find(|&c| !allowed(c)) {
                return self.fail(&format!("character {c:?} XML does not allow"));
            }
            out.push_str(plain);
            self.at += end;
            if self.rest().starts_with('&') {
                let decoded = self.entity()?;
                out.push(decoded);
            }
        }
        Ok(out)
    }

    /// The entity or character reference at `&`, decoded.
    fn entity(&mut self) -> Result<char, String> {
        let Some(end) = self.rest().find(';').filter(|&e| e <= 12) else {
            return self.fail("`&` without `;`");
        };
        let entity = &self.rest()[1..end];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => {
                let code = if let Some(hex) = entity.strip_prefix("#x") {
                    u32::from_str_radix(hex, 16).ok()
                } else if let Some(dec) = entity.strip_prefix('#') {
                    dec.parse().ok()
                } else {
                    None
                };
                code.and_then(char::from_u32).filter(|&c| allowed(c))
            }
        };
        let Some(decoded) = decoded else {
            return self.fail("unknown entity");
        };
        self.at += end + 1;
        Ok(decoded)
    }
}

fn allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

fn truncate(text: &str) -> &str {
    match text.char_indices().nth(40) {
        Some((i, _)) => &text[..i],
        None => text,
    }
}

/// Parses `text` as a well-formed XML document and returns its root.
pub fn parse(text: &str) -> Result<Element, String> {
    let mut reader = Reader { text, at: 0 };
    if reader.rest().starts_with("<?xml") {
        match reader.rest().find("?>") {
            Some(end) => reader.at += end + 2,
            None => return reader.fail("unclosed declaration"),
        }
    }
    reader.skip_space();
    let root = reader.element()?;
    reader.skip_space();
    if !reader.rest().is_empty() {
        return reader.fail("content after the root element");
    }
    Ok(root)
}

#[test]
fn the_reader_refuses_what_is_not_well_formed() {
    assert!(parse(r#"<a x="1"><b/>t &amp; &#60;</a>"#).is_ok());
    for bad in [
        "<a>",
        "<a></b>",
        "<a><b></a></b>",
        r#"<a x="1" x="2"/>"#,
        "<a x=1/>",
        r#"<a x="<"/>"#,
        "<a>&</a>",
        "<a>&nbsp;</a>",
        "<a>1 < 2</a>",
        "<a/><b/>",
        "<a>\u{7}</a>",
        "<a>&#7;</a>",
    ] {
        assert!(parse(bad).is_err(), "{bad}");
    }
    let doc = parse(r#"<a x="&quot;q&quot; &amp; &lt;" y='&#10;'>t&gt;<b/></a>"#).expect("ok");
    assert_eq!(doc.attr("x"), Some("\"q\" & <"));
    assert_eq!(doc.attr("y"), Some("\n"));
    assert_eq!(doc.text, "t>");
    assert_eq!(doc.children[0].name, "b");
}
