fn main() {
    let mut buf = itoa::Buffer::new();
    println!("itoa says {}", buf.format(40 + 2));
}
