"""The deployment files stay consistent with the settings (no Docker engine here to run them)."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def test_compose_has_every_service_with_health_checks():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert {"web", "worker", "webhook-worker", "beat", "postgres", "redis", "migrate"} <= set(
        services
    )
    for name in ("web", "worker", "webhook-worker", "postgres", "redis"):
        assert "healthcheck" in services[name], name


def test_compose_app_services_configure_postgres_and_redis_by_environment():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    for name in ("web", "worker", "webhook-worker", "beat"):
        env = compose["services"][name]["environment"]
        assert env["DEBUG"] == "0"
        assert env["DATABASE_URL"].startswith("postgres://")
        assert env["CELERY_BROKER_URL"].startswith("redis://")
        assert "SECRET_KEY" in env and "ALLOWED_HOSTS" in env


def test_procfile_runs_web_both_workers_and_beat():
    """Webhook attempts have a worker of their own, so a slow department endpoint never holds
    up mail or the overdue job (CELERY_TASK_ROUTES sends them to the webhooks queue)."""
    from django.conf import settings

    procs = dict(
        line.split(":", 1) for line in (ROOT / "Procfile").read_text().splitlines() if line.strip()
    )
    assert set(procs) == {"web", "worker", "webhook-worker", "beat"}
    assert "--pool=solo" in procs["worker"] and "--queues=celery" in procs["worker"]
    assert "--queues=webhooks" in procs["webhook-worker"]
    assert settings.CELERY_TASK_ROUTES["supervision.deliver_webhook"]["queue"] == "webhooks"


def test_compose_workers_use_prefork_so_time_limits_apply():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    for name, queue in (("worker", "celery"), ("webhook-worker", "webhooks")):
        command = compose["services"][name]["command"]
        assert "--pool=prefork" in command and f"--queues={queue}" in command, name


def test_each_worker_health_check_pings_that_worker_by_its_name():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    for name in ("worker", "webhook-worker"):
        service = compose["services"][name]
        hostname = next(a for a in service["command"] if a.startswith("--hostname="))
        node = hostname.split("=", 1)[1].replace("%h", "$$HOSTNAME")
        assert f"-d {node} " in " ".join(service["healthcheck"]["test"]), name
