fn main() {
    let mut buf = itoa::Buffer::new();
    println!("bench rust-app: itoa says {}", buf.format(1234u32));
}
