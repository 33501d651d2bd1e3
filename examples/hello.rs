//! The start-up floor `cs --version` is measured against: a hello-world
//! built the same way (release profile of this project, linked as build.rs
//! links the package's programs).
#![allow(clippy::print_stdout)]
fn main() {
    println!("hello");
}
