package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Println("tool args", len(os.Args)-1)
}
