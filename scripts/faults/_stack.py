"""The production stack on loopback for one fault script: its own PostgreSQL and Redis (spare
ports, recipes.md), gunicorn, a Celery worker for the default queue, one for the `webhooks` queue
and beat, as subprocesses of the project; a local SMTP sink and webhook receivers in threads;
a small API client. Not part of CI. Every script starts a Stack, injects one fault and prints
`attempted / committed / lost / duplicated`."""

import collections
import contextlib
import email
import email.policy
import json
import os
import shutil
import signal
import socketserver
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = ROOT / ".venv" / "bin"
PGBIN = Path("/usr/lib/postgresql/15/bin")
PASSWORD = "demo12345"  # seed_demo's demo users


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


# --- a tiny SMTP sink (stdlib only) ----------------------------------------------------------


class SmtpSink:
    """Accepts every mail; keeps (to, subject) of each, in order. `delay` seconds per DATA make a
    batch slow enough to kill a worker in the middle of it."""

    def __init__(self, port: int, delay: float = 0.0):
        self.mails: list[tuple[str, str]] = []
        self.delay = delay
        sink = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self):
                def say(line):
                    self.wfile.write(line.encode() + b"\r\n")
                    self.wfile.flush()

                say("220 sink ESMTP")
                rcpts = []
                while True:
                    line = self.rfile.readline()
                    if not line:
                        return
                    verb = line.decode(errors="replace").strip().split(" ")[0].upper()
                    if verb in ("EHLO", "HELO"):
                        say("250 sink")
                    elif verb == "MAIL":
                        rcpts = []
                        say("250 ok")
                    elif verb == "RCPT":
                        rcpts.append(line.decode().split(":", 1)[1].strip().strip("<>"))
                        say("250 ok")
                    elif verb == "DATA":
                        say("354 go on")
                        data = b""
                        while not data.endswith(b"\r\n.\r\n"):
                            chunk = self.rfile.readline()
                            if not chunk:
                                return
                            data += chunk
                        time.sleep(sink.delay)
                        message = email.message_from_bytes(data[:-5], policy=email.policy.default)
                        for to in rcpts:
                            sink.mails.append((to, str(message["Subject"]).strip()))
                        say("250 queued")
                    elif verb == "QUIT":
                        say("221 bye")
                        return
                    else:  # RSET, NOOP, ...
                        say("250 ok")

        class Server(socketserver.ThreadingTCPServer):
            allow_reuse_address = True
            daemon_threads = True

        self.server = Server(("127.0.0.1", port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


# --- webhook receivers -------------------------------------------------------------------------


class Receiver:
    """A department system: records every POST (delivery id, when, the body's created_at) and
    answers 200, or hangs for `hang` seconds first (set .hang at any time)."""

    def __init__(self, hang: float = 0.0):
        self.hang = hang
        self.posts: list[dict] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                arrived = time.time()
                receiver.posts.append(
                    {
                        "id": self.headers["X-OneSeal-Delivery"],
                        "at": arrived,
                        "body": body,
                        "created_at": json.loads(body)["created_at"],
                    }
                )
                if receiver.hang:
                    time.sleep(receiver.hang)
                with contextlib.suppress(OSError):
                    self.send_response(200)
                    self.end_headers()

            def log_message(self, *args):
                pass

        class Server(ThreadingHTTPServer):
            daemon_threads = True

        self.server = Server(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


# --- the API -----------------------------------------------------------------------------------


class Api:
    def __init__(self, base: str):
        self.base = base
        self.tokens: dict[str, str] = {}

    def call(self, method, path, body=None, user=None, timeout=70):
        """(status, headers, json or None); never raises for an HTTP status."""
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base + path, data=data, method=method)
        request.add_header("Content-Type", "application/json")
        if user:
            request.add_header("Authorization", f"Token {self.token(user)}")
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                raw = response.read()
                return response.status, dict(response.headers), _json(raw)
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), _json(error.read())

    def token(self, user):
        if user not in self.tokens:
            status, _, body = self.call(
                "POST", "/api/v1/auth/token/", {"username": user, "password": PASSWORD}
            )
            assert status == 200, (status, body)
            self.tokens[user] = body["token"]
        return self.tokens[user]

    def decision(self, item: dict, n: int) -> dict:
        """One approval through the API: submit (clerk1), accept, review (reviewer1), decide
        (approver1). Returns {"application": id, "decide": status, ...}."""
        person = PEOPLE[n % len(PEOPLE)]
        status, _, body = self.call(
            "POST",
            "/api/v1/applications/",
            {
                "item": item["code"],
                "applicant": {"kind": "person", "name": person[1], "id_number": person[0]},
                "materials": [{"material": m, "provided": True} for m in item["materials"]],
                "content": f"故障演练 {n}",
            },
            user="clerk1",
        )
        assert status == 201, (status, body)
        app_id = body["id"]
        steps = [
            ("clerk1", "accept", {"waived": []}),
            (
                "reviewer1",
                "review",
                {"opinion": "符合条件", "recommendation": "approve", "site_inspection": "已踏勘"},
            ),
            ("approver1", "decide", {"decision": "approve"}),
        ]
        result = {"application": app_id}
        for user, step, payload in steps:
            status, _, body = self.call(
                "POST", f"/api/v1/applications/{app_id}/{step}/", payload, user=user
            )
            result[step] = status
            if status != 200:
                result["error"] = body
                break
        return result


# Valid GB 11643 numbers (check digits computed), one applicant each.
def _id_number(seventeen: str) -> str:
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(d) * w for d, w in zip(seventeen, weights, strict=True))
    return seventeen + "10X98765432"[total % 11]


PEOPLE = [
    (_id_number(f"1101051980{m:02d}{d:02d}{i:03d}"), f"演练{i}号")
    for i, (m, d) in enumerate([(m, d) for m in range(1, 13) for d in (3, 14, 25)], start=101)
]


def _json(raw: bytes):
    try:
        return json.loads(raw)
    except ValueError:
        return None


# --- the stack ---------------------------------------------------------------------------------


class Stack:
    def __init__(
        self,
        name: str,
        *,
        pg_port=5445,
        redis_port=6395,
        web_port=8095,
        smtp_port=8025,
        smtp_delay=0.0,
        env: dict | None = None,
    ):
        self.name = name
        self.dir = Path(tempfile.mkdtemp(prefix=f"oneseal-fault-{name}-"))
        os.chmod(self.dir, 0o755)  # the postgres user must reach its folders
        self.pg_port, self.redis_port, self.web_port = pg_port, redis_port, web_port
        self.pgdata, self.pgsock = self.dir / "pg", self.dir / "pgsock"
        self.procs: dict[str, subprocess.Popen] = {}
        self.smtp = SmtpSink(smtp_port, delay=smtp_delay)
        self.env = {
            **os.environ,
            "DEBUG": "0",
            "SECRET_KEY": "fault-script-secret-key-not-for-production-0123456789",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "0",
            "DATABASE_URL": f"postgres://oneseal:oneseal@127.0.0.1:{pg_port}/oneseal",
            "REDIS_URL": f"redis://127.0.0.1:{redis_port}/1",
            "CELERY_BROKER_URL": f"redis://127.0.0.1:{redis_port}/0",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_port),
            "EMAIL_TIMEOUT": "5",
            "ONESEAL_VAR_DIR": str(self.dir / "var"),
            "PYTHONUNBUFFERED": "1",
            **(env or {}),
        }
        self.api = Api(f"http://127.0.0.1:{web_port}")

    # PostgreSQL
    def _pg(self, command: str, check=True):
        return subprocess.run(
            ["su", "postgres", "-c", command], check=check, capture_output=True, text=True
        )

    def start_postgres(self):
        if not self.pgdata.exists():
            for folder, mode in ((self.pgdata, "700"), (self.pgsock, "755")):
                subprocess.run(
                    ["install", "-d", "-o", "postgres", "-g", "postgres", "-m", mode, folder],
                    check=True,
                )
            self._pg(
                f"{PGBIN}/initdb -D {self.pgdata} -U postgres --auth=trust -E UTF8 --locale=C.UTF-8"
            )
            fresh = True
        else:
            fresh = False
        self._pg(
            f"{PGBIN}/pg_ctl -D {self.pgdata} -o '-p {self.pg_port} -k {self.pgsock} "
            f"-c listen_addresses=127.0.0.1' -l {self.pgdata}/server.log -w start"
        )
        if fresh:
            self._pg(
                f'psql -h {self.pgsock} -p {self.pg_port} -c "CREATE ROLE oneseal LOGIN '
                "PASSWORD 'oneseal' CREATEDB;\" -c 'CREATE DATABASE oneseal OWNER oneseal;'"
            )

    def stop_postgres(self, mode="fast"):
        self._pg(f"{PGBIN}/pg_ctl -D {self.pgdata} -m {mode} -w stop", check=False)

    # Redis
    def start_redis(self):
        subprocess.run(
            [
                "redis-server",
                "--port",
                str(self.redis_port),
                "--bind",
                "127.0.0.1",
                "--daemonize",
                "yes",
                "--dir",
                str(self.dir),
                "--save",
                "",
                "--appendonly",
                "no",
                "--pidfile",
                str(self.dir / "redis.pid"),
            ],
            check=True,
        )
        for _ in range(50):
            if self.redis_ping():
                return
            time.sleep(0.1)
        raise RuntimeError("redis did not start")

    def redis_ping(self) -> bool:
        done = subprocess.run(
            ["redis-cli", "-p", str(self.redis_port), "ping"], capture_output=True, text=True
        )
        return done.stdout.strip() == "PONG"

    def stop_redis(self):
        subprocess.run(
            ["redis-cli", "-p", str(self.redis_port), "shutdown", "nosave"], capture_output=True
        )

    # the project
    def manage(self, *args, stdin: str | None = None) -> str:
        done = subprocess.run(
            [BIN / "python", "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            input=stdin,
            capture_output=True,
            text=True,
        )
        if done.returncode:
            raise RuntimeError(f"manage.py {' '.join(args)}: {done.stderr[-2000:]}")
        return done.stdout

    def shell(self, code: str) -> str:
        return self.manage("shell", "-c", code)

    def _spawn(self, name: str, argv: list):
        logfile = open(self.dir / f"{name}.log", "ab")  # noqa: SIM115 (lives with the process)
        self.procs[name] = subprocess.Popen(
            argv,
            cwd=ROOT,
            env=self.env,
            stdout=logfile,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: signalled as one
        )

    def start_web(self, workers=2):
        self._spawn(
            "web",
            [
                BIN / "gunicorn",
                "config.wsgi",
                "--bind",
                f"127.0.0.1:{self.web_port}",
                "--workers",
                str(workers),
                "--timeout",
                "60",
            ],
        )
        for _ in range(100):
            with contextlib.suppress(OSError):
                urllib.request.urlopen(f"{self.api.base}/healthz", timeout=2)
                return
            time.sleep(0.2)
        raise RuntimeError("gunicorn did not answer")

    def start_worker(self, name="worker", queues="celery", concurrency=2):
        self._spawn(
            name,
            [
                BIN / "celery",
                "-A",
                "config",
                "worker",
                "--pool=prefork",
                f"--concurrency={concurrency}",
                f"--queues={queues}",
                f"--hostname={name}@fault",
                "--loglevel=INFO",
            ],
        )

    def start_beat(self):
        self._spawn(
            "beat",
            [
                BIN / "celery",
                "-A",
                "config",
                "beat",
                "--loglevel=INFO",
                "--schedule",
                str(self.dir / "celerybeat-schedule"),
            ],
        )

    def kill(self, name: str, sig=signal.SIGKILL):
        proc = self.procs.pop(name)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)
        proc.wait(30)

    def call_task(self, task: str):
        """Queue a task by name, as beat does (saves waiting for its period)."""
        self.shell(f"from config.celery import app\napp.send_task({task!r})")

    # seed
    def up(self, *, workers=True, beat=True, web=True):
        log(f"{self.name}: PostgreSQL :{self.pg_port}, Redis :{self.redis_port} in {self.dir}")
        self.start_postgres()
        self.start_redis()
        self.manage("migrate", "--noinput")
        self.manage("seed_demo", "--force")
        if web:
            self.start_web()
        if workers:
            self.start_worker("worker", "celery")
            self.start_worker("webhooks", "webhooks")
        if beat:
            self.start_beat()
        time.sleep(4 if workers else 0)  # workers connected

    def item(self, departments: list[str]) -> dict:
        """A published item supervised exactly by `departments` (codes), through the catalog's
        own services when the demo has none: {"code", "materials"}."""
        out = self.shell(ITEM_LOOKUP % {"departments": json.dumps(departments)})
        return json.loads(out.strip().splitlines()[-1])

    def endpoints(self, urls: dict[str, str]):
        """One webhook endpoint per department code (through supervision's endpoint service)."""
        self.shell(ENDPOINTS % {"urls": json.dumps(urls)})

    def rows(self) -> dict:
        return json.loads(self.shell(ROWS).strip().splitlines()[-1])

    def down(self):
        for name in list(self.procs):
            self.kill(name, signal.SIGTERM)
        self.stop_redis()
        self.stop_postgres()
        self.smtp.close()
        if not os.environ.get("KEEP_FAULT_DIR"):
            shutil.rmtree(self.dir, ignore_errors=True)


ITEM_LOOKUP = """
import json
from catalog.selectors import published_versions
wanted = set(%(departments)s)
for version in published_versions():
    if {d.code for d in version.supervising_departments.all()} == wanted:
        print(json.dumps({"code": version.item.code,
                          "materials": [m.pk for m in version.materials.all()]}))
        break
else:
    raise SystemExit("no item supervised by exactly %%s" %% sorted(wanted))
"""

ENDPOINTS = """
import json
from catalog.models import Department
from supervision.models import WebhookEndpoint
for code, url in json.loads('%(urls)s').items():
    WebhookEndpoint.objects.create(department=Department.objects.get(code=code), url=url,
                                   secret="fault-secret")
"""

ROWS = """
import json
from supervision.models import Notification, WebhookDelivery
print(json.dumps({
    "notifications": [[n.recipient.email, n.subject, bool(n.emailed_at)]
                      for n in Notification.objects.select_related("recipient")],
    "deliveries": [[str(d.pk), d.department.code, d.status, d.attempts]
                   for d in WebhookDelivery.objects.select_related("department")],
}))
"""


def mail_figures(stack: Stack, rows: dict) -> tuple[int, int, int]:
    """(expected, lost, duplicated) comparing the Notification rows with what the sink got."""
    expected = collections.Counter((to, subject) for to, subject, _ in rows["notifications"])
    got = collections.Counter(stack.smtp.mails)
    lost = sum((expected - got).values())
    if os.environ.get("FAULT_DEBUG"):
        print("expected", sorted(expected)[:5], "got", sorted(got)[:5])
    duplicated = sum((got - expected).values())
    return sum(expected.values()), lost, duplicated


def webhook_figures(receivers: list[Receiver], rows: dict) -> tuple[int, int, int]:
    """(expected, lost, duplicated): every delivery row should have reached its receiver once."""
    expected = {d[0] for d in rows["deliveries"]}
    got = collections.Counter(p["id"] for r in receivers for p in r.posts)
    lost = len(expected - set(got))
    duplicated = sum(n - 1 for n in got.values() if n > 1)
    return len(expected), lost, duplicated


def wait_until(predicate, timeout: float, every: float = 1.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(every)
    return predicate()
