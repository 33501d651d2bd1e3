//! The floor `cs transition batch` is measured against: the least a program
//! can do with the csv crate over the same file, read every record and write
//! it back. Usage: csv_floor IN.csv OUT.csv
use std::error::Error;

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (input, output) = match args.as_slice() {
        [_, i, o] => (i, o),
        _ => return Err("usage: csv_floor IN.csv OUT.csv".into()),
    };
    let mut r = csv::ReaderBuilder::new()
        .buffer_capacity(256 * 1024)
        .from_path(input)?;
    let mut w = csv::WriterBuilder::new()
        .buffer_capacity(256 * 1024)
        .from_path(output)?;
    w.write_byte_record(r.byte_headers()?)?;
    let mut rec = csv::ByteRecord::new();
    while r.read_byte_record(&mut rec)? {
        w.write_byte_record(&rec)?;
    }
    w.flush()?;
    Ok(())
}
