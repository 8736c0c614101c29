{# Generic tests written here because dbt packages cannot be installed. #}

{% test value_between(model, column_name, min_value=none, max_value=none, condition=none) %}
select {{ column_name }} from {{ model }}
where {{ column_name }} is not null
  {% if condition %}and ({{ condition }}){% endif %}
  and (
    false
    {% if min_value is not none %} or {{ column_name }} < {{ min_value }}{% endif %}
    {% if max_value is not none %} or {{ column_name }} > {{ max_value }}{% endif %}
  )
{% endtest %}

{% test unique_combination(model, columns, condition=none) %}
select {{ columns | join(', ') }}, count(*) as n
from {{ model }}
{% if condition %}where {{ condition }}{% endif %}
group by {{ columns | join(', ') }}
having count(*) > 1
{% endtest %}

{% test expression_is_true(model, expression, condition=none) %}
select * from {{ model }}
where not ({{ expression }})
  {% if condition %}and ({{ condition }}){% endif %}
{% endtest %}
