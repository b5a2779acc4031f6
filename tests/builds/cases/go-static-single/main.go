package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Printf("static server, GREETING=%s\n", os.Getenv("GREETING"))
}
