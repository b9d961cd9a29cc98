"""Dagster definitions, jobs, schedules, sensors, resources and the CLI (portrecon.pipelines)."""
