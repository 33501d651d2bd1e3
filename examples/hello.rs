//! The start-up floor `cs --version` is measured against: a hello-world
//! built the same way (release profile of this project).
#![allow(clippy::print_stdout)]
fn main() {
    println!("hello");
}
