package main

import "fmt"

func main() {
	fmt.Println("installed with go install")
}
