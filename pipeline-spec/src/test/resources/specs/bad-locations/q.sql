SELECT * FROM rates
