//! CSV for Excel: UTF-8 with a byte-order mark so å, ä and ö read right, `;` by default as Swedish
//! Excel expects (or `,`), lines ending in CRLF, fields quoted by the `csv` crate where they must be.

use actix_web::http::header;
use actix_web::{HttpResponse, HttpResponseBuilder};
use serde::Deserialize;
use utoipa::ToSchema;

/// Written first, so Excel reads the file as UTF-8.
pub const BOM: &str = "\u{feff}";

/// The separator: `semicolon` for Swedish Excel (the default), or `comma`.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum CsvSeparator {
    #[default]
    Semicolon,
    Comma,
}

/// One CSV record per row.
pub fn lines<R, F>(sep: CsvSeparator, rows: impl IntoIterator<Item = R>) -> String
where
    R: IntoIterator<Item = F>,
    F: AsRef<[u8]>,
{
    let delimiter = match sep {
        CsvSeparator::Semicolon => b';',
        CsvSeparator::Comma => b',',
    };
    // Rows may differ in length (a table's heading row and its figures): `flexible`.
    let mut writer = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .terminator(csv::Terminator::CRLF)
        .flexible(true)
        .from_writer(Vec::new());
    for row in rows {
        // Writing to memory cannot fail: no I/O, and flexible rows have no length to break.
        writer.write_record(row).expect("CSV to memory");
    }
    String::from_utf8(writer.into_inner().expect("CSV to memory")).expect("UTF-8 fields make UTF-8 CSV")
}

/// One CSV record.
pub fn line<F: AsRef<[u8]>>(sep: CsvSeparator, fields: impl IntoIterator<Item = F>) -> String {
    lines(sep, [fields])
}

/// A CSV download named `name`.
pub fn download(name: &str) -> HttpResponseBuilder {
    let mut response = HttpResponse::Ok();
    response
        .content_type("text/csv; charset=utf-8")
        .insert_header((header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_only_where_they_must_be() {
        let text = lines(CsvSeparator::Semicolon, [vec!["a", "b;c", "d\"e"], vec!["rad\nbryt"]]);
        assert_eq!(text, "a;\"b;c\";\"d\"\"e\"\r\n\"rad\nbryt\"\r\n");
        assert_eq!(line(CsvSeparator::Comma, ["x;y", "z,w"]), "x;y,\"z,w\"\r\n");
    }
}
