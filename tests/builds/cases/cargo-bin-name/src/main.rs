fn main() {
    let mut buf = itoa::Buffer::new();
    println!("srv: itoa says {}", buf.format(40 + 2));
}
