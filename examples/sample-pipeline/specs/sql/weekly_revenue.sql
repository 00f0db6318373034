-- Seven-day revenue per country ending on the job's date (sluice_params.date).
select
    p.date                                   as date,
    f.country                                as country,
    sum(f.orders)                            as orders,
    round(sum(f.revenue), 2)                 as revenue
from order_facts f, sluice_params p
group by all
order by country
