module example.com/benchgostatic

go 1.19
