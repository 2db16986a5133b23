"""Gunicorn's configuration for Heure Civique: `gunicorn -c deploy/gunicorn.conf.py`.

It serves the WSGI application on a local address only: nginx (deploy/nginx/heure-civique.conf)
stands in front, terminates TLS, serves the static files and passes the client's address in
X-Forwarded-For. Django reads it with TRUSTED_PROXIES=1 (core/clients.py) and learns that the
request came over HTTPS from SECURE_PROXY_SSL_HEADER (X-Forwarded-Proto).

Environment: GUNICORN_BIND (default 127.0.0.1:8000), WEB_CONCURRENCY (workers, default two per
core plus one, at most 9), GUNICORN_THREADS (default 1), GUNICORN_TIMEOUT (seconds, default 60:
a kit's PDF is built in a job, not in the request).
"""

import multiprocessing
import os

wsgi_app = "cms.wsgi:application"
chdir = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", min(2 * multiprocessing.cpu_count() + 1, 9)))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
# A worker is replaced now and then, so that no slow leak grows for ever.
max_requests = 1000
max_requests_jitter = 100

# Only the local proxy may say the scheme (gunicorn's own reading of X-Forwarded-Proto, beside
# Django's SECURE_PROXY_SSL_HEADER).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# No access log: the addresses of a volunteer's space, feed and links carry their keys, and
# the client's address is personal data. Errors go to the standard error (the service's log).
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "warning")
