//! A small PDF 1.4 writer for business documents (a quote, a statement): A4 pages in the
//! standard Helvetica fonts (no embedding), lines of text, a table whose rows continue on the
//! next page, and right-aligned totals. Text is WinAnsi: characters it lacks print as `?`.
//! The content streams are not compressed, so a document's text can be found in its bytes.

use std::fmt::Write as _;

/// A4 in points.
const PAGE_WIDTH: f32 = 595.0;
const PAGE_HEIGHT: f32 = 842.0;
const MARGIN: f32 = 50.0;
const BODY_SIZE: f32 = 10.0;
const LEADING: f32 = 1.4;

/// Helvetica's advance widths (thousandths of the font size) of the printable ASCII characters
/// 32-126 (Adobe's AFM); bold text is measured with them too, close enough to align figures.
const WIDTHS: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // ' '-'/'
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, // '0'-'?'
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722,
    778, // '@'-'O'
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, // 'P'-'_'
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, // '`'-'o'
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, // 'p'-'~'
];

/// How a table column is aligned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// A table column: its heading, its share of the text width (the shares are normalised) and
/// its alignment.
#[derive(Clone, Debug)]
pub struct Column {
    pub heading: String,
    pub width: f32,
    pub align: Align,
}

impl Column {
    pub fn new(heading: &str, width: f32, align: Align) -> Column {
        Column {
            heading: heading.to_owned(),
            width,
            align,
        }
    }
}

#[derive(Clone, Debug)]
enum Block {
    Text {
        text: String,
        size: f32,
        bold: bool,
    },
    Gap(f32),
    Table {
        columns: Vec<Column>,
        rows: Vec<Vec<String>>,
    },
    Totals(Vec<(String, String, bool)>),
}

/// A document to render: blocks added top to bottom, laid out on as many pages as they need.
#[derive(Clone, Debug, Default)]
pub struct Document {
    title: String,
    blocks: Vec<Block>,
}

impl Document {
    /// A document titled `title` (its metadata; print a heading to show it).
    pub fn new(title: &str) -> Document {
        Document {
            title: title.to_owned(),
            blocks: Vec::new(),
        }
    }

    /// A heading in bold at `size` points.
    pub fn heading(&mut self, text: &str, size: f32) -> &mut Self {
        self.blocks.push(Block::Text {
            text: text.to_owned(),
            size,
            bold: true,
        });
        self
    }

    /// A line of body text; a text with line breaks makes several lines.
    pub fn text(&mut self, text: &str) -> &mut Self {
        for line in text.lines() {
            self.blocks.push(Block::Text {
                text: line.to_owned(),
                size: BODY_SIZE,
                bold: false,
            });
        }
        self
    }

    /// Empty space of `points`.
    pub fn gap(&mut self, points: f32) -> &mut Self {
        self.blocks.push(Block::Gap(points));
        self
    }

    /// A table: a bold heading row, then `rows` (their heading repeated on each new page).
    /// Cells too wide for their column are cut with `...`.
    pub fn table(&mut self, columns: Vec<Column>, rows: Vec<Vec<String>>) -> &mut Self {
        self.blocks.push(Block::Table { columns, rows });
        self
    }

    /// Label and amount pairs aligned on the right; `true` prints the pair in bold.
    pub fn totals(&mut self, rows: Vec<(String, String, bool)>) -> &mut Self {
        self.blocks.push(Block::Totals(rows));
        self
    }

    /// The document as PDF 1.4 bytes, from `%PDF-1.4` to `%%EOF`.
    pub fn render(&self) -> Vec<u8> {
        let pages = self.layout();
        write_file(&self.title, &pages)
    }

    fn layout(&self) -> Vec<String> {
        let mut layout = Layout::default();
        for block in &self.blocks {
            match block {
                Block::Text { text, size, bold } => {
                    layout.room(size * LEADING);
                    layout.y -= size * LEADING;
                    layout.show(MARGIN, *size, *bold, text);
                }
                Block::Gap(points) => layout.y -= points,
                Block::Table { columns, rows } => layout.table(columns, rows),
                Block::Totals(rows) => {
                    for (label, amount, bold) in rows {
                        layout.room(BODY_SIZE * LEADING);
                        layout.y -= BODY_SIZE * LEADING;
                        let right = PAGE_WIDTH - MARGIN;
                        let label_right = right - 110.0;
                        layout.show(
                            label_right - width(label, BODY_SIZE),
                            BODY_SIZE,
                            *bold,
                            label,
                        );
                        layout.show(right - width(amount, BODY_SIZE), BODY_SIZE, *bold, amount);
                    }
                }
            }
        }
        layout.finish()
    }
}

/// The width of `text` in points at `size`.
pub fn width(text: &str, size: f32) -> f32 {
    let thousandths: u32 = text
        .chars()
        .map(|character| {
            let code = u32::from(character);
            if (32..=126).contains(&code) {
                u32::from(WIDTHS[(code - 32) as usize])
            } else {
                556
            }
        })
        .sum();
    thousandths as f32 * size / 1000.0
}

/// `text` as a PDF string literal's content: WinAnsi bytes, `(`, `)` and `\` escaped.
fn literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '(' | ')' | '\\' => {
                out.push('\\');
                out.push(character);
            }
            ' '..='~' => out.push(character),
            '\t' => out.push(' '),
            _ => out.push('?'),
        }
    }
    out
}

/// `text` cut to fit `room` points at `size`, ending in `...` when cut.
fn fit(text: &str, size: f32, room: f32) -> String {
    if width(text, size) <= room {
        return text.to_owned();
    }
    let mut kept = String::new();
    for character in text.chars() {
        let mut next = kept.clone();
        next.push(character);
        next.push_str("...");
        if width(&next, size) > room {
            break;
        }
        kept.push(character);
    }
    kept.push_str("...");
    kept
}

struct Layout {
    pages: Vec<String>,
    current: String,
    y: f32,
}

impl Default for Layout {
    fn default() -> Layout {
        Layout {
            pages: Vec::new(),
            current: String::new(),
            y: PAGE_HEIGHT - MARGIN,
        }
    }
}

impl Layout {
    /// Starts a new page unless `height` more points fit on this one; true when it did.
    fn room(&mut self, height: f32) -> bool {
        if self.y - height >= MARGIN {
            return false;
        }
        self.pages.push(std::mem::take(&mut self.current));
        self.y = PAGE_HEIGHT - MARGIN;
        true
    }

    fn show(&mut self, x: f32, size: f32, bold: bool, text: &str) {
        let font = if bold { "F2" } else { "F1" };
        let _ = writeln!(
            self.current,
            "BT /{font} {size:.1} Tf {x:.2} {y:.2} Td ({}) Tj ET",
            literal(text),
            y = self.y
        );
    }

    fn rule(&mut self) {
        let y = self.y - 3.0;
        let _ = writeln!(
            self.current,
            "0.5 w {MARGIN:.2} {y:.2} m {:.2} {y:.2} l S",
            PAGE_WIDTH - MARGIN
        );
    }

    fn row(&mut self, columns: &[Column], cells: &[String], bold: bool) {
        let total: f32 = columns.iter().map(|column| column.width).sum();
        let text_width = PAGE_WIDTH - 2.0 * MARGIN;
        self.y -= BODY_SIZE * LEADING;
        let mut x = MARGIN;
        for (index, column) in columns.iter().enumerate() {
            let span = if total > 0.0 {
                column.width / total * text_width
            } else {
                0.0
            };
            let cell = cells.get(index).map_or("", String::as_str);
            let shown = fit(cell, BODY_SIZE, (span - 6.0).max(0.0));
            let left = match column.align {
                Align::Left => x,
                Align::Right => x + span - 6.0 - width(&shown, BODY_SIZE),
            };
            self.show(left, BODY_SIZE, bold, &shown);
            x += span;
        }
    }

    fn table(&mut self, columns: &[Column], rows: &[Vec<String>]) {
        let headings: Vec<String> = columns
            .iter()
            .map(|column| column.heading.clone())
            .collect();
        // The heading and at least one row together.
        self.room(2.0 * BODY_SIZE * LEADING);
        self.row(columns, &headings, true);
        self.rule();
        for cells in rows {
            if self.room(BODY_SIZE * LEADING) {
                self.row(columns, &headings, true);
                self.rule();
            }
            self.row(columns, cells, false);
        }
        self.y -= BODY_SIZE * 0.6;
    }

    fn finish(mut self) -> Vec<String> {
        if !self.current.is_empty() || self.pages.is_empty() {
            self.pages.push(self.current);
        }
        self.pages
    }
}

/// The file: catalog, page tree, the two fonts, then each page and its content; the cross
/// reference table gives each object's byte offset.
fn write_file(title: &str, pages: &[String]) -> Vec<u8> {
    let count = pages.len();
    // 1 catalog, 2 pages, 3 Helvetica, 4 Helvetica-Bold, 5 info, then page i at 6 + 2i with
    // its content at 7 + 2i.
    let kids: Vec<String> = (0..count)
        .map(|index| format!("{} 0 R", 6 + 2 * index))
        .collect();
    let mut objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        format!(
            "<< /Type /Pages /Kids [{}] /Count {count} >>",
            kids.join(" ")
        )
        .into_bytes(),
        font("Helvetica"),
        font("Helvetica-Bold"),
        format!("<< /Title ({}) /Producer (Arkan ERP) >>", literal(title)).into_bytes(),
    ];
    for (index, content) in pages.iter().enumerate() {
        objects.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_WIDTH} {PAGE_HEIGHT}] \
                 /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents {} 0 R >>",
                7 + 2 * index
            )
            .into_bytes(),
        );
        let mut stream = format!("<< /Length {} >>\nstream\n", content.len()).into_bytes();
        stream.extend_from_slice(content.as_bytes());
        stream.extend_from_slice(b"\nendstream");
        objects.push(stream);
    }
    let mut file = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::with_capacity(objects.len());
    for (index, object) in objects.iter().enumerate() {
        offsets.push(file.len());
        file.extend_from_slice(format!("{} 0 obj\n", index + 1).as_bytes());
        file.extend_from_slice(object);
        file.extend_from_slice(b"\nendobj\n");
    }
    let xref = file.len();
    let mut table = format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1);
    for offset in offsets {
        let _ = writeln!(table, "{offset:010} 00000 n ");
    }
    let _ = write!(
        table,
        "trailer\n<< /Size {} /Root 1 0 R /Info 5 0 R >>\nstartxref\n{xref}\n%%EOF",
        objects.len() + 1
    );
    file.extend_from_slice(table.as_bytes());
    file
}

fn font(name: &str) -> Vec<u8> {
    format!("<< /Type /Font /Subtype /Type1 /BaseFont /{name} /Encoding /WinAnsiEncoding >>")
        .into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contains(bytes: &[u8], text: &str) -> bool {
        bytes
            .windows(text.len())
            .any(|window| window == text.as_bytes())
    }

    fn quote(rows: usize) -> Vec<u8> {
        let mut document = Document::new("Quote QT/2026/00001");
        document
            .heading("Quote QT/2026/00001", 18.0)
            .text("Al Noor Trading (Dubai)\nValid until 2026-04-01")
            .gap(10.0)
            .table(
                vec![
                    Column::new("Description", 5.0, Align::Left),
                    Column::new("Quantity", 1.5, Align::Right),
                    Column::new("Total", 2.0, Align::Right),
                ],
                (0..rows)
                    .map(|index| {
                        vec![
                            format!("Chair {index}"),
                            "1".to_owned(),
                            "472.50".to_owned(),
                        ]
                    })
                    .collect(),
            )
            .totals(vec![("Total AED".to_owned(), "1890.00".to_owned(), true)]);
        document.render()
    }

    #[test]
    fn a_document_is_a_pdf_with_its_text() {
        let bytes = quote(4);
        assert!(bytes.starts_with(b"%PDF-1.4"));
        assert!(bytes.ends_with(b"%%EOF"));
        assert!(contains(&bytes, "QT/2026/00001"));
        assert!(contains(&bytes, "1890.00"));
        assert!(contains(&bytes, "Al Noor Trading \\(Dubai\\)"));
        assert!(contains(&bytes, "/Count 1 "));
    }

    #[test]
    fn the_cross_reference_points_at_each_object() {
        let bytes = quote(3);
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let start: usize = text
            .rsplit("startxref\n")
            .next()
            .and_then(|tail| tail.lines().next())
            .and_then(|number| number.parse().ok())
            .unwrap_or_default();
        assert!(bytes[start..].starts_with(b"xref"));
        // The file's second line is binary: offsets count bytes, not the lossy text's.
        let table = String::from_utf8_lossy(&bytes[start..]).into_owned();
        let offsets: Vec<usize> = table
            .lines()
            .skip(3)
            .take_while(|line| line.ends_with(" n "))
            .filter_map(|line| line.get(..10).and_then(|digits| digits.parse().ok()))
            .collect();
        assert_eq!(offsets.len(), 7);
        for (index, offset) in offsets.into_iter().enumerate() {
            let header = format!("{} 0 obj", index + 1);
            assert!(bytes[offset..].starts_with(header.as_bytes()), "{header}");
        }
    }

    #[test]
    fn long_tables_continue_on_new_pages() {
        // 47 rows on the first page, 52 on the next, 21 and the totals on the third.
        let bytes = quote(120);
        assert!(contains(&bytes, "/Count 3 "));
        assert!(contains(&bytes, "Chair 119"));
        assert!(contains(&bytes, "1890.00"));
        assert!(bytes.ends_with(b"%%EOF"));
    }

    #[test]
    fn text_is_escaped_and_cut_to_its_column() {
        assert_eq!(literal("a(b)c\\ é"), "a\\(b\\)c\\\\ ?");
        let cut = fit(&"W".repeat(100), 10.0, 50.0);
        assert!(cut.ends_with("..."));
        assert!(width(&cut, 10.0) <= 50.0);
        assert!((width("0", 10.0) - 5.56).abs() < 0.001);
    }
}
