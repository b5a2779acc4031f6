module example.com/oraclego

go 1.19
