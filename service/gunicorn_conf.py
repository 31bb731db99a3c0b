"""gunicorn settings: threaded workers (long polls hold a thread, not a process)."""

import multiprocessing
import os

bind = os.environ.get("ATTRIB_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("ATTRIB_WEB_WORKERS", max(2, multiprocessing.cpu_count())))
worker_class = "gthread"
threads = int(os.environ.get("ATTRIB_WEB_THREADS", "16"))
timeout = 60
graceful_timeout = 30
keepalive = 5
accesslog = os.environ.get("ATTRIB_ACCESS_LOG", None)
errorlog = "-"
loglevel = os.environ.get("ATTRIB_LOG_LEVEL", "info").lower()
forwarded_allow_ips = os.environ.get("ATTRIB_FORWARDED_ALLOW_IPS", "127.0.0.1")


def child_exit(server, worker):  # noqa: ARG001 - gunicorn hook signature
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)


# gunicorn's control socket (a Unix socket in ~/.gunicorn) is not needed: nothing
# should be left listening after a stop
control_socket_disable = True
