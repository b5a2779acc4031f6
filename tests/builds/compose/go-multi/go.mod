module example.com/gomulti

go 1.19
