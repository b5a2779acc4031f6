fn main() {
    let mut buf = itoa::Buffer::new();
    println!("fetched offline, itoa says {}", buf.format(40 + 2));
}
