"""Running the dbt project (dbt_project/) against the warehouse, without Airflow."""
