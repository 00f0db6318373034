select 1.0 as max_value
