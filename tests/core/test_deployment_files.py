"""The deployment files stay consistent with the settings (no Docker engine here to run them)."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def test_compose_has_every_service_with_health_checks():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert {"web", "worker", "beat", "postgres", "redis", "migrate"} <= set(services)
    for name in ("web", "worker", "postgres", "redis"):
        assert "healthcheck" in services[name], name


def test_compose_app_services_configure_postgres_and_redis_by_environment():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    for name in ("web", "worker", "beat"):
        env = compose["services"][name]["environment"]
        assert env["DEBUG"] == "0"
        assert env["DATABASE_URL"].startswith("postgres://")
        assert env["CELERY_BROKER_URL"].startswith("redis://")
        assert "SECRET_KEY" in env and "ALLOWED_HOSTS" in env


def test_procfile_runs_web_worker_and_beat():
    procs = dict(
        line.split(":", 1) for line in (ROOT / "Procfile").read_text().splitlines() if line.strip()
    )
    assert set(procs) == {"web", "worker", "beat"}
    assert "--pool=solo" in procs["worker"]
